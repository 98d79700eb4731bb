import { generateShareKey } from "@/lib/auth/tokens";
import type { Db, Tx } from "@/lib/db/client";

export interface NewProject {
  slug: string;
  name: string;
  repoUrl: string | null;
  tokenHash: string;
  /** Generated when omitted: every project gets its share key at creation, so reads never write. */
  shareKey?: string;
}

export async function createProject(db: Db, project: NewProject) {
  return db.project.create({
    data: { ...project, shareKey: project.shareKey ?? generateShareKey() },
    select: { id: true, slug: true, name: true, repoUrl: true },
  });
}

/** Result of a write to one project named by slug. */
export type ProjectWrite<T> = { ok: true; value: T } | { ok: false; reason: "not-found" };

const notFound = { ok: false, reason: "not-found" } as const;

async function exists(db: Db, slug: string): Promise<boolean> {
  return (await db.project.count({ where: { slug } })) > 0;
}

/** Replaces the project's ingest token (only its hash is stored): the old one stops working. */
export async function rotateProjectToken(db: Db, slug: string, tokenHash: string): Promise<ProjectWrite<{ slug: string }>> {
  const { count } = await db.project.updateMany({ where: { slug }, data: { tokenHash } });
  return count === 0 ? notFound : { ok: true, value: { slug } };
}

/** The project keeps its scans; no token works for it until rotateProjectToken issues a new one. */
export async function revokeProjectToken(db: Db, slug: string): Promise<ProjectWrite<{ slug: string }>> {
  const { count } = await db.project.updateMany({ where: { slug }, data: { tokenHash: null } });
  return count === 0 ? notFound : { ok: true, value: { slug } };
}

/** A new share key: every badge and OG URL with the old one stops working. */
export async function rotateProjectShareKey(db: Db, slug: string): Promise<ProjectWrite<string>> {
  const shareKey = generateShareKey();
  const { count } = await db.project.updateMany({ where: { slug }, data: { shareKey } });
  return count === 0 ? notFound : { ok: true, value: shareKey };
}

/**
 * The project's share key, created now for a project from before share keys existed. An explicit
 * write (the `project share-key` command), so that reading a key never writes.
 */
export async function ensureProjectShareKey(db: Db, slug: string): Promise<ProjectWrite<string>> {
  const project = await db.project.findUnique({ where: { slug }, select: { shareKey: true } });
  if (!project) return notFound;
  if (project.shareKey !== null) return { ok: true, value: project.shareKey };
  // Only fills an empty key: a concurrent ensure or rotate that got there first is kept.
  await db.project.updateMany({ where: { slug, shareKey: null }, data: { shareKey: generateShareKey() } });
  const after = await db.project.findUnique({ where: { slug }, select: { shareKey: true } });
  return after?.shareKey ? { ok: true, value: after.shareKey } : notFound;
}

export interface DeletedProject {
  slug: string;
  scans: number;
  engines: number;
}

/** Deletes one project's rows, children first and explicitly (SQLite may run without foreign-key cascades). */
export async function deleteProjectRows(tx: Tx, projectId: number): Promise<{ scans: number; engines: number }> {
  await tx.observation.deleteMany({ where: { scan: { projectId } } });
  await tx.checkResult.deleteMany({ where: { scan: { projectId } } });
  const scans = await tx.scan.deleteMany({ where: { projectId } });
  const engines = await tx.engine.deleteMany({ where: { projectId } });
  await tx.annotation.deleteMany({ where: { projectId } });
  await tx.project.delete({ where: { id: projectId } });
  return { scans: scans.count, engines: engines.count };
}

export const ADMIN_TRANSACTION = { maxWait: 20_000, timeout: 120_000 } as const;

/** Deletes a project and everything under it (observations, checks, scans, engines) in one transaction. */
export async function deleteProject(db: Db, slug: string): Promise<ProjectWrite<DeletedProject>> {
  if (!(await exists(db, slug))) return notFound;
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { slug }, select: { id: true } });
    if (!project) return notFound;
    return { ok: true, value: { slug, ...(await deleteProjectRows(tx, project.id)) } };
  }, ADMIN_TRANSACTION);
}
