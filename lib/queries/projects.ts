import type { Db } from "@/lib/db/client";
import { toScanSummary } from "./mappers";
import type { ProjectSummary } from "./types";

export interface NewProject {
  slug: string;
  name: string;
  repoUrl: string | null;
  tokenHash: string;
}

export async function createProject(db: Db, project: NewProject) {
  return db.project.create({ data: project, select: { id: true, slug: true, name: true, repoUrl: true } });
}

export async function getProjectForIngest(db: Db, slug: string) {
  return db.project.findUnique({ where: { slug }, select: { id: true, slug: true, tokenHash: true } });
}

export async function getProject(db: Db, slug: string) {
  return db.project.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, repoUrl: true, createdAt: true },
  });
}

export async function updateProjectToken(db: Db, slug: string, tokenHash: string) {
  return db.project.update({ where: { slug }, data: { tokenHash }, select: { slug: true } });
}

export async function getProjects(db: Db): Promise<ProjectSummary[]> {
  const projects = await db.project.findMany({
    orderBy: { slug: "asc" },
    include: {
      scans: { orderBy: { committedAt: "desc" }, take: 1 },
      _count: { select: { scans: true } },
    },
  });
  return projects.map((project) => ({
    slug: project.slug,
    name: project.name,
    repoUrl: project.repoUrl,
    createdAt: project.createdAt.toISOString(),
    scanCount: project._count.scans,
    latestScan: project.scans[0] ? toScanSummary(project.scans[0]) : null,
  }));
}

export async function getProjectSlugByTokenHash(db: Db, tokenHash: string): Promise<string | null> {
  const project = await db.project.findFirst({ where: { tokenHash }, select: { slug: true } });
  return project?.slug ?? null;
}
