-- CreateTable
CREATE TABLE "Project" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "repoUrl" TEXT,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Scan" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "commitSha" TEXT NOT NULL,
    "committedAt" TIMESTAMP(3) NOT NULL,
    "branch" TEXT,
    "commitMessage" TEXT,
    "scannerName" TEXT NOT NULL,
    "scannerVersion" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "target" INTEGER NOT NULL,
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
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Scan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckResult" (
    "id" SERIAL NOT NULL,
    "scanId" INTEGER NOT NULL,
    "checkId" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION,
    "summary" TEXT NOT NULL,
    "members" JSONB NOT NULL,
    "groups" JSONB,

    CONSTRAINT "CheckResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Engine" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Engine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Observation" (
    "id" SERIAL NOT NULL,
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
    "aliasOf" TEXT,
    "delegatesTo" TEXT,
    "emits" INTEGER NOT NULL,
    "bodyHash" TEXT NOT NULL,

    CONSTRAINT "Observation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Project_slug_key" ON "Project"("slug");

-- CreateIndex
CREATE INDEX "Scan_projectId_committedAt_idx" ON "Scan"("projectId", "committedAt");

-- CreateIndex
CREATE INDEX "Scan_projectId_branch_committedAt_idx" ON "Scan"("projectId", "branch", "committedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Scan_projectId_commitSha_key" ON "Scan"("projectId", "commitSha");

-- CreateIndex
CREATE INDEX "CheckResult_checkId_idx" ON "CheckResult"("checkId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckResult_scanId_checkId_key" ON "CheckResult"("scanId", "checkId");

-- CreateIndex
CREATE INDEX "Engine_projectId_name_idx" ON "Engine"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Engine_projectId_key_key" ON "Engine"("projectId", "key");

-- CreateIndex
CREATE INDEX "Observation_engineId_idx" ON "Observation"("engineId");

-- CreateIndex
CREATE INDEX "Observation_bodyHash_idx" ON "Observation"("bodyHash");

-- CreateIndex
CREATE UNIQUE INDEX "Observation_scanId_engineId_key" ON "Observation"("scanId", "engineId");

-- AddForeignKey
ALTER TABLE "Scan" ADD CONSTRAINT "Scan_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckResult" ADD CONSTRAINT "CheckResult_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engine" ADD CONSTRAINT "Engine_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Observation" ADD CONSTRAINT "Observation_scanId_fkey" FOREIGN KEY ("scanId") REFERENCES "Scan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Observation" ADD CONSTRAINT "Observation_engineId_fkey" FOREIGN KEY ("engineId") REFERENCES "Engine"("id") ON DELETE CASCADE ON UPDATE CASCADE;
