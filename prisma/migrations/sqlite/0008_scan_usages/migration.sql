-- AlterTable
ALTER TABLE "Observation" ADD COLUMN "usedByFiles" INTEGER;
ALTER TABLE "Observation" ADD COLUMN "usedBySites" INTEGER;

-- AlterTable
ALTER TABLE "Scan" ADD COLUMN "legacyUsages" INTEGER;
ALTER TABLE "Scan" ADD COLUMN "reconciliation" JSONB;
ALTER TABLE "Scan" ADD COLUMN "reconciliationHits" JSONB;
