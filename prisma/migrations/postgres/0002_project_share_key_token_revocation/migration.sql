-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "shareKey" TEXT,
ALTER COLUMN "tokenHash" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Project_shareKey_key" ON "Project"("shareKey");

-- Backfill: every existing project gets a random share key (122 random bits).
UPDATE "Project" SET "shareKey" = replace(gen_random_uuid()::text, '-', '') WHERE "shareKey" IS NULL;
