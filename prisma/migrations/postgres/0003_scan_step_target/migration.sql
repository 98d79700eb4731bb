-- AlterTable
ALTER TABLE "Scan" ADD COLUMN     "stepTarget" INTEGER NOT NULL DEFAULT 0;

-- Scans stored before this migration: their overall target stands in for the step (no deployment predates it).
UPDATE "Scan" SET "stepTarget" = "target";
