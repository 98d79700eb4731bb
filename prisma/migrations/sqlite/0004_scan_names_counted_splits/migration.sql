-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Observation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scanId" INTEGER NOT NULL,
    "engineId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "qualifiedName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "endLine" INTEGER NOT NULL,
    "loc" INTEGER NOT NULL,
    "classification" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "phase" TEXT,
    "counted" BOOLEAN NOT NULL,
    "bases" JSONB NOT NULL,
    "decorators" JSONB NOT NULL,
    "ctorParams" JSONB,
    "ctorSignature" TEXT,
    "methods" JSONB NOT NULL,
    "abstract" BOOLEAN NOT NULL,
    "abstractReason" TEXT,
    "deprecated" BOOLEAN NOT NULL,
    "deprecatedMethods" JSONB NOT NULL,
    "aliasOf" TEXT,
    "delegatesTo" TEXT,
    "emits" INTEGER NOT NULL,
    "bodyHash" TEXT NOT NULL,
    CONSTRAINT "Observation_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Observation_engineId_fkey" FOREIGN KEY ("engineId") REFERENCES "Engine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Observation" ("abstract", "abstractReason", "aliasOf", "bases", "bodyHash", "classification", "counted", "ctorParams", "ctorSignature", "decorators", "delegatesTo", "deprecated", "emits", "endLine", "engineId", "file", "id", "kind", "language", "line", "loc", "methods", "name", "phase", "qualifiedName", "reason", "scanId", "deprecatedMethods") SELECT "abstract", "abstractReason", "aliasOf", "bases", "bodyHash", "classification", "counted", "ctorParams", "ctorSignature", "decorators", "delegatesTo", "deprecated", "emits", "endLine", "engineId", "file", "id", "kind", "language", "line", "loc", "methods", "name", "phase", "qualifiedName", "reason", "scanId", '[]' FROM "Observation";
DROP TABLE "Observation";
ALTER TABLE "new_Observation" RENAME TO "Observation";
CREATE INDEX "Observation_engineId_idx" ON "Observation"("engineId");
CREATE INDEX "Observation_bodyHash_idx" ON "Observation"("bodyHash");
CREATE UNIQUE INDEX "Observation_scanId_engineId_key" ON "Observation"("scanId", "engineId");
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
    "countUnit" TEXT NOT NULL DEFAULT 'definitions',
    "nameCount" INTEGER NOT NULL DEFAULT 0,
    "countedCount" INTEGER NOT NULL,
    "primaryCount" INTEGER NOT NULL,
    "coreCount" INTEGER NOT NULL,
    "adapterCount" INTEGER NOT NULL,
    "factoryCount" INTEGER NOT NULL,
    "legacyCount" INTEGER NOT NULL,
    "interfaceCount" INTEGER NOT NULL,
    "supportCount" INTEGER NOT NULL,
    "byPhase" JSONB NOT NULL,
    "countedByClass" JSONB NOT NULL,
    "countedByPhase" JSONB NOT NULL,
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
-- Scans stored before this migration counted definitions: they keep that unit, their distinct names and
-- counted splits are derived from their observations and per-class columns (support only when the plan counted it).
INSERT INTO "new_Scan" ("adapterCount", "branch", "byPhase", "checksFailed", "checksPassed", "commitMessage", "commitSha", "committedAt", "complete", "coreCount", "countedCount", "factoryCount", "fileIssues", "filesFailed", "filesScanned", "filesSkipped", "id", "interfaceCount", "legacyCount", "memberCount", "plan", "primaryCount", "projectId", "receivedAt", "scannerName", "scannerVersion", "stepTarget", "supportCount", "target", "countUnit", "nameCount", "countedByClass", "countedByPhase") SELECT "Scan"."adapterCount", "Scan"."branch", "Scan"."byPhase", "Scan"."checksFailed", "Scan"."checksPassed", "Scan"."commitMessage", "Scan"."commitSha", "Scan"."committedAt", "Scan"."complete", "Scan"."coreCount", "Scan"."countedCount", "Scan"."factoryCount", "Scan"."fileIssues", "Scan"."filesFailed", "Scan"."filesScanned", "Scan"."filesSkipped", "Scan"."id", "Scan"."interfaceCount", "Scan"."legacyCount", "Scan"."memberCount", "Scan"."plan", "Scan"."primaryCount", "Scan"."projectId", "Scan"."receivedAt", "Scan"."scannerName", "Scan"."scannerVersion", "Scan"."stepTarget", "Scan"."supportCount", "Scan"."target",
    'definitions',
    COALESCE("names"."nameCount", 0),
    json_object('primary', "Scan"."primaryCount", 'core', "Scan"."coreCount", 'adapter', "Scan"."adapterCount",
        'factory', "Scan"."factoryCount", 'legacy', "Scan"."legacyCount", 'interface', "Scan"."interfaceCount",
        'support', CASE WHEN json_extract("Scan"."plan", '$.countSupport') THEN "Scan"."supportCount" ELSE 0 END),
    COALESCE("phases"."countedByPhase", '{}')
FROM "Scan"
LEFT JOIN (SELECT "scanId" AS "namesScanId", COUNT(DISTINCT "name") AS "nameCount" FROM "Observation" GROUP BY "scanId") AS "names"
    ON "names"."namesScanId" = "Scan"."id"
LEFT JOIN (
    SELECT "phaseScanId", json_group_object("phaseName", "phaseCount") AS "countedByPhase"
    FROM (SELECT "scanId" AS "phaseScanId", COALESCE("phase", 'unphased') AS "phaseName", COUNT(*) AS "phaseCount"
          FROM "Observation" WHERE "counted" GROUP BY "scanId", COALESCE("phase", 'unphased'))
    GROUP BY "phaseScanId"
) AS "phases" ON "phases"."phaseScanId" = "Scan"."id";
DROP TABLE "Scan";
ALTER TABLE "new_Scan" RENAME TO "Scan";
CREATE INDEX "Scan_projectId_committedAt_idx" ON "Scan"("projectId", "committedAt");
CREATE INDEX "Scan_projectId_branch_committedAt_idx" ON "Scan"("projectId", "branch", "committedAt");
CREATE UNIQUE INDEX "Scan_projectId_commitSha_key" ON "Scan"("projectId", "commitSha");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
