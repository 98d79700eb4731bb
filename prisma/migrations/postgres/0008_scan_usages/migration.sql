-- AlterTable
ALTER TABLE "Observation" ADD COLUMN     "usedByFiles" INTEGER,
ADD COLUMN     "usedBySites" INTEGER;

-- AlterTable
ALTER TABLE "Scan" ADD COLUMN     "legacyUsages" INTEGER,
ADD COLUMN     "reconciliation" JSONB,
ADD COLUMN     "reconciliationHits" JSONB;
