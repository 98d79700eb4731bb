import { generateShareKey, generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedPortfolio } from "@/lib/contract/inventory";
import type { Db, Tx } from "@/lib/db/client";
import { commitChunks, duplicateCommits, IngestRejected, writeScans, type IngestStatus } from "./batch";
import { ADMIN_TRANSACTION, deleteProjectRows, type ProjectWrite } from "./projects";
import type { ScanRow } from "./rows";
import { inTransaction, type IngestOptions } from "./scans";

/** A repository as the write path needs it. */
export interface IngestRepository {
  id: number;
  slug: string;
  repoUrl: string | null;
}

export interface NewRepository {
  slug: string;
  name: string;
  repoUrl: string | null;
}

/** Result of a write to one repository named by slug (the same shape as a project's). */
export type RepositoryWrite<T> = ProjectWrite<T>;

const notFound = { ok: false, reason: "not-found" } as const;

/** The project slug rule's length (lib/projects/validation.ts). */
export const MAX_PROJECT_SLUG_LENGTH = 63;

/** The project that holds a repository's family: `<repository>--<family>`. */
export function familyProjectSlug(repository: string, family: string): string {
  return `${repository}--${family}`;
}

export interface CreatedRepository {
  repository: { id: number; slug: string; name: string; repoUrl: string | null };
  /** Shown once: only its hash is stored. */
  token: string;
  shareKey: string;
}

/** A new repository with its ingest token (returned once) and share key; null when the slug is taken. */
export async function createRepository(db: Db, repository: NewRepository): Promise<CreatedRepository | null> {
  if ((await db.repository.count({ where: { slug: repository.slug } })) > 0) return null;
  const token = generateToken();
  const shareKey = generateShareKey();
  const created = await db.repository.create({
    data: { ...repository, tokenHash: hashToken(token), shareKey },
    select: { id: true, slug: true, name: true, repoUrl: true },
  });
  return { repository: created, token, shareKey };
}

/** A new ingest token for the repository (the old one stops working for it and all its families). */
export async function rotateRepositoryToken(db: Db, slug: string): Promise<RepositoryWrite<{ slug: string; token: string }>> {
  const token = generateToken();
  const { count } = await db.repository.updateMany({ where: { slug }, data: { tokenHash: hashToken(token) } });
  return count === 0 ? notFound : { ok: true, value: { slug, token } };
}

/** The repository and its families keep their scans; no repository token works until rotateRepositoryToken. */
export async function revokeRepositoryToken(db: Db, slug: string): Promise<RepositoryWrite<{ slug: string }>> {
  const { count } = await db.repository.updateMany({ where: { slug }, data: { tokenHash: null } });
  return count === 0 ? notFound : { ok: true, value: { slug } };
}

/** A new share key: every repository badge and OG URL with the old one stops working. */
export async function rotateRepositoryShareKey(db: Db, slug: string): Promise<RepositoryWrite<string>> {
  const shareKey = generateShareKey();
  const { count } = await db.repository.updateMany({ where: { slug }, data: { shareKey } });
  return count === 0 ? notFound : { ok: true, value: shareKey };
}

/** The repository's share key, created now if it has none (an explicit write: reading a key never writes). */
export async function ensureRepositoryShareKey(db: Db, slug: string): Promise<RepositoryWrite<string>> {
  const repository = await db.repository.findUnique({ where: { slug }, select: { shareKey: true } });
  if (!repository) return notFound;
  if (repository.shareKey !== null) return { ok: true, value: repository.shareKey };
  await db.repository.updateMany({ where: { slug, shareKey: null }, data: { shareKey: generateShareKey() } });
  const after = await db.repository.findUnique({ where: { slug }, select: { shareKey: true } });
  return after?.shareKey ? { ok: true, value: after.shareKey } : notFound;
}

export interface DeletedRepository {
  slug: string;
  /** The family projects deleted with it. */
  projects: string[];
  scans: number;
  engines: number;
}

/** Deletes a repository with every family project and everything under them, in one transaction. */
export async function deleteRepository(db: Db, slug: string): Promise<RepositoryWrite<DeletedRepository>> {
  return db.$transaction(async (tx) => {
    const repository = await tx.repository.findUnique({
      where: { slug },
      select: { id: true, projects: { select: { id: true, slug: true }, orderBy: { slug: "asc" } } },
    });
    if (!repository) return notFound;
    let scans = 0;
    let engines = 0;
    for (const project of repository.projects) {
      const deleted = await deleteProjectRows(tx, project.id);
      scans += deleted.scans;
      engines += deleted.engines;
    }
    await tx.repository.delete({ where: { id: repository.id } });
    return { ok: true, value: { slug, projects: repository.projects.map((project) => project.slug), scans, engines } };
  }, ADMIN_TRANSACTION);
}

export interface RepositoryListing {
  slug: string;
  name: string;
  repoUrl: string | null;
  createdAt: string;
  families: Array<{ family: string; project: string; name: string; issueUrl: string | null; scanCount: number }>;
}

/** Every repository with its families (for `converge repo list`). */
export async function listRepositories(db: Db): Promise<RepositoryListing[]> {
  const repositories = await db.repository.findMany({
    orderBy: { slug: "asc" },
    include: {
      projects: {
        orderBy: { family: "asc" },
        select: { slug: true, name: true, family: true, issueUrl: true, _count: { select: { scans: true } } },
      },
    },
  });
  return repositories.map((repository) => ({
    slug: repository.slug,
    name: repository.name,
    repoUrl: repository.repoUrl,
    createdAt: repository.createdAt.toISOString(),
    families: repository.projects.map((project) => ({
      family: project.family ?? project.slug,
      project: project.slug,
      name: project.name,
      issueUrl: project.issueUrl,
      scanCount: project._count.scans,
    })),
  }));
}

/** The commits stored for each family of the repository, oldest first (a backfill resumes from it). */
export async function listRepositoryCommits(db: Db, repositoryId: number): Promise<Array<{ sha: string; families: string[] }>> {
  const rows = await db.$queryRaw<Array<{ commitSha: string; family: string | null; committedAt: Date | string }>>`
    SELECT s."commitSha", p."family", s."committedAt" FROM "Scan" s JOIN "Project" p ON p."id" = s."projectId"
    WHERE p."repositoryId" = ${repositoryId}
    ORDER BY s."committedAt", s."commitSha", p."family"`;
  const commits = new Map<string, string[]>();
  for (const row of rows) {
    const families = commits.get(row.commitSha) ?? [];
    if (row.family !== null) families.push(row.family);
    commits.set(row.commitSha, families);
  }
  return [...commits].map(([sha, families]) => ({ sha, families }));
}

export interface StoredFamilyScan {
  family: string;
  /** The family's project slug. */
  project: string;
  status: IngestStatus;
}

/** One commit of a repository: `created` when any family's scan was written, `replaced` when any was replaced. */
export interface StoredPortfolio {
  sha: string;
  status: IngestStatus;
  families: StoredFamilyScan[];
}

/** Family slugs whose project slug would break the project slug rule: 422 before anything is written. */
export function portfolioIssues(
  repository: string,
  portfolios: readonly CommittedPortfolio[],
  path: (index: number) => string,
): Array<{ path: string; message: string }> {
  const issues = duplicateCommits(
    portfolios.map((portfolio) => portfolio.commit.sha),
    (index) => `${path(index)}commit.sha`,
  );
  portfolios.forEach((portfolio, index) => {
    portfolio.families.forEach((family, at) => {
      const slug = familyProjectSlug(repository, family.slug);
      if (slug.length > MAX_PROJECT_SLUG_LENGTH) {
        issues.push({
          path: `${path(index)}families[${at}].slug`,
          message: `family "${family.slug}" would be project "${slug}" (${slug.length} characters; at most ${MAX_PROJECT_SLUG_LENGTH}): shorten the family or repository slug`,
        });
      }
    });
  });
  return issues;
}

interface FamilyShown {
  name: string;
  issue: string | null;
  /** The newest commit of the chunk that holds the family: its name and issue are the ones shown. */
  date: number;
}

/** For each family in the chunk, its name and issue at its newest commit there. */
function newestFamilies(portfolios: readonly CommittedPortfolio[]): Map<string, FamilyShown> {
  const newest = new Map<string, FamilyShown>();
  for (const portfolio of portfolios) {
    const date = Date.parse(portfolio.commit.date);
    for (const family of portfolio.families) {
      const known = newest.get(family.slug);
      if (!known || date >= known.date) newest.set(family.slug, { name: family.name ?? family.slug, issue: family.issue, date });
    }
  }
  return newest;
}

/**
 * The family projects of the chunk, created on first sight (name, issue; repoUrl from the repository;
 * no token of their own: the repository's opens them). A known family's name and issue follow the
 * config of its newest commit: refreshed only when this chunk holds a commit at least as new as any stored.
 */
async function familyProjects(
  tx: Tx,
  repository: IngestRepository,
  portfolios: readonly CommittedPortfolio[],
): Promise<Map<string, number>> {
  const wanted = newestFamilies(portfolios);
  const known = await tx.project.findMany({
    where: { repositoryId: repository.id },
    select: { id: true, family: true, name: true, issueUrl: true },
  });
  const ids = new Map<string, number>();
  for (const project of known) {
    if (project.family === null) continue;
    ids.set(project.family, project.id);
    const shown = wanted.get(project.family);
    if (!shown || (shown.name === project.name && shown.issue === project.issueUrl)) continue;
    const latest = await tx.scan.findFirst({
      where: { projectId: project.id },
      orderBy: { committedAt: "desc" },
      select: { committedAt: true },
    });
    if (latest && latest.committedAt.getTime() > shown.date) continue;
    await tx.project.update({ where: { id: project.id }, data: { name: shown.name, issueUrl: shown.issue } });
  }
  const fresh = [...wanted].filter(([family]) => !ids.has(family));
  if (fresh.length === 0) return ids;
  const slugs = fresh.map(([family]) => familyProjectSlug(repository.slug, family));
  const taken = await tx.project.findMany({ where: { slug: { in: slugs } }, select: { slug: true } });
  if (taken.length > 0) {
    throw new IngestRejected(
      taken.map((project) => ({
        path: "families",
        message: `project "${project.slug}" already exists outside repository "${repository.slug}": rename the family or delete that project`,
      })),
    );
  }
  for (const [family, shown] of fresh) {
    const created = await tx.project.create({
      data: {
        slug: familyProjectSlug(repository.slug, family),
        name: shown.name,
        repositoryId: repository.id,
        family,
        issueUrl: shown.issue,
        repoUrl: repository.repoUrl,
        shareKey: generateShareKey(),
      },
      select: { id: true },
    });
    ids.set(family, created.id);
  }
  return ids;
}

/** The commit's status from its families': any replaced, else any created, else existing. */
function portfolioStatus(families: readonly StoredFamilyScan[]): IngestStatus {
  if (families.some((family) => family.status === "replaced")) return "replaced";
  return families.some((family) => family.status === "created") ? "created" : "existing";
}

/** Writes one chunk of commits (every family of each) in the caller's transaction. */
async function writePortfolios(
  tx: Tx,
  repository: IngestRepository,
  portfolios: readonly CommittedPortfolio[],
  replace: boolean,
): Promise<StoredPortfolio[]> {
  const projects = await familyProjects(tx, repository, portfolios);
  const items: ScanRow[] = [];
  for (const portfolio of portfolios) {
    for (const family of portfolio.families) items.push({ projectId: projects.get(family.slug) as number, inventory: family });
  }
  const statuses = await writeScans(tx, items, replace);
  let at = 0;
  return portfolios.map((portfolio) => {
    const families = portfolio.families.map((family) => ({
      family: family.slug,
      project: familyProjectSlug(repository.slug, family.slug),
      status: statuses[at++] ?? "existing",
    }));
    return { sha: portfolio.commit.sha, status: portfolioStatus(families), families };
  });
}

/**
 * Many commits of a repository, each with all its families: one transaction per chunk of commits, so
 * every family of a commit is stored or none. Each family's scan is idempotent exactly as a single post
 * (kept when stored, replaced with `replace`); a family seen for the first time gets its project.
 * Throws IngestRejected (nothing written) for a family whose project slug would be too long, the same
 * commit twice, or a family project slug held by a project outside the repository.
 */
export async function ingestPortfolioBatch(
  db: Db,
  repository: IngestRepository,
  portfolios: readonly CommittedPortfolio[],
  options: IngestOptions = {},
): Promise<StoredPortfolio[]> {
  const issues = portfolioIssues(repository.slug, portfolios, (index) => `[${index}].`);
  if (issues.length > 0) throw new IngestRejected(issues);
  const replace = options.replace === true;
  const results: StoredPortfolio[] = [];
  const weight = (portfolio: CommittedPortfolio) => portfolio.families.reduce((sum, family) => sum + family.members.length, 0);
  for (const chunk of commitChunks(portfolios, weight)) {
    // A unique violation: a concurrent writer stored one of these commits or created a family project; run the chunk again.
    results.push(
      ...(await inTransaction(
        db,
        (tx) => writePortfolios(tx, repository, chunk, replace),
        async () => null,
      )),
    );
  }
  return results;
}

/** One commit of a repository: every family's scan in one transaction, or none (see ingestPortfolioBatch). */
export async function ingestPortfolio(
  db: Db,
  repository: IngestRepository,
  portfolio: CommittedPortfolio,
  options: IngestOptions = {},
): Promise<StoredPortfolio> {
  const issues = portfolioIssues(repository.slug, [portfolio], () => "");
  if (issues.length > 0) throw new IngestRejected(issues);
  const [stored] = await ingestPortfolioBatch(db, repository, [portfolio], options);
  if (!stored) throw new Error(`the portfolio of ${portfolio.commit.sha} was neither written nor found`);
  return stored;
}

/** The repository's id, or null when there is none by that slug. */
export async function getRepositoryIdBySlug(db: Db, slug: string): Promise<number | null> {
  const repository = await db.repository.findUnique({ where: { slug }, select: { id: true } });
  return repository?.id ?? null;
}
