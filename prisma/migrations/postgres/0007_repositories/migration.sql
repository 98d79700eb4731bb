-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "family" TEXT,
ADD COLUMN     "issueUrl" TEXT,
ADD COLUMN     "repositoryId" INTEGER;

-- CreateTable
CREATE TABLE "Repository" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "repoUrl" TEXT,
    "tokenHash" TEXT,
    "shareKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Repository_slug_key" ON "Repository"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Repository_shareKey_key" ON "Repository"("shareKey");

-- CreateIndex
CREATE UNIQUE INDEX "Project_repositoryId_family_key" ON "Project"("repositoryId", "family");

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;
