-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Scan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "commitSha" TEXT NOT NULL,
    "committedAt" DATETIME NOT NULL,
    "branch" TEXT,
    "commitMessage" TEXT,
    "scannerName" TEXT NOT NULL,
    "scannerVersion" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "target" INTEGER NOT NULL,
    "stepTarget" INTEGER NOT NULL DEFAULT 0,
    "memberCount" INTEGER NOT NULL,
    "countedCount" INTEGER NOT NULL,
    "primaryCount" INTEGER NOT NULL,
    "coreCount" INTEGER NOT NULL,
    "adapterCount" INTEGER NOT NULL,
    "factoryCount" INTEGER NOT NULL,
    "legacyCount" INTEGER NOT NULL,
    "interfaceCount" INTEGER NOT NULL,
    "supportCount" INTEGER NOT NULL,
    "byPhase" JSONB NOT NULL,
    "checksPassed" INTEGER NOT NULL,
    "checksFailed" INTEGER NOT NULL,
    "filesScanned" INTEGER NOT NULL,
    "filesSkipped" INTEGER NOT NULL,
    "filesFailed" INTEGER NOT NULL,
    "complete" BOOLEAN NOT NULL,
    "fileIssues" JSONB NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Scan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Scan" ("adapterCount", "branch", "byPhase", "checksFailed", "checksPassed", "commitMessage", "commitSha", "committedAt", "complete", "coreCount", "countedCount", "factoryCount", "fileIssues", "filesFailed", "filesScanned", "filesSkipped", "id", "interfaceCount", "legacyCount", "memberCount", "plan", "primaryCount", "projectId", "receivedAt", "scannerName", "scannerVersion", "supportCount", "target") SELECT "adapterCount", "branch", "byPhase", "checksFailed", "checksPassed", "commitMessage", "commitSha", "committedAt", "complete", "coreCount", "countedCount", "factoryCount", "fileIssues", "filesFailed", "filesScanned", "filesSkipped", "id", "interfaceCount", "legacyCount", "memberCount", "plan", "primaryCount", "projectId", "receivedAt", "scannerName", "scannerVersion", "supportCount", "target" FROM "Scan";
DROP TABLE "Scan";
ALTER TABLE "new_Scan" RENAME TO "Scan";
CREATE INDEX "Scan_projectId_committedAt_idx" ON "Scan"("projectId", "committedAt");
CREATE INDEX "Scan_projectId_branch_committedAt_idx" ON "Scan"("projectId", "branch", "committedAt");
CREATE UNIQUE INDEX "Scan_projectId_commitSha_key" ON "Scan"("projectId", "commitSha");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Scans stored before this migration: their overall target stands in for the step (no deployment predates it).
UPDATE "Scan" SET "stepTarget" = "target";
