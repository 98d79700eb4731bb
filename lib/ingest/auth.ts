import { failedAuthLimiter } from "@/lib/auth/rate-limit";
import { hashToken, tokenMatches } from "@/lib/auth/tokens";
import { writeRateLimiter } from "@/lib/auth/write-limit";
import { currentDialect, type Db } from "@/lib/db/client";
import { getProjectSlugByTokenHash } from "@/lib/queries/projects";
import type { IngestRepository } from "./repositories";
import type { IngestProject } from "./scans";

/** What a write request presents: its bearer token (if any) and the client's address (`clientAddress`). */
export interface WriteCredentials {
  token: string | null;
  address: string;
}

/** Refusals shared by project and repository writes. */
type WriteRefusal =
  | { kind: "missing-token" }
  /** Unknown slug, or a token that is unknown, rotated or revoked: one answer, so slugs cannot be listed. */
  | { kind: "invalid-token" }
  /** A valid token of another project or repository (whether or not `slug` exists). */
  | { kind: "other-project" }
  /** The token's writes are over CONVERGE_RATE_LIMIT. */
  | { kind: "rate-limited"; retryAfterSeconds: number }
  /** The address is out of failed authentications (CONVERGE_AUTH_FAILURE_LIMIT): refused before any lookup. */
  | { kind: "too-many-failures"; retryAfterSeconds: number };

/** Who may write to a project, decided before anything is read from the body. */
export type WriteAuthorization = { kind: "authorized"; project: IngestProject } | WriteRefusal;

/** Who may write to a repository (and so to every family project of it). */
export type RepositoryWriteAuthorization = { kind: "authorized"; repository: IngestRepository } | WriteRefusal;

/** Runs on every post, so raw SQL: the project with its own token hash and its repository's. */
async function projectForIngest(
  db: Db,
  slug: string,
): Promise<{ id: number; slug: string; tokenHash: string | null; repositoryTokenHash: string | null } | null> {
  const rows = await db.$queryRaw<
    Array<{ id: number | bigint; slug: string; tokenHash: string | null; repositoryTokenHash: string | null }>
  >`
    SELECT p."id", p."slug", p."tokenHash", r."tokenHash" AS "repositoryTokenHash"
    FROM "Project" p LEFT JOIN "Repository" r ON r."id" = p."repositoryId" WHERE p."slug" = ${slug}`;
  const row = rows[0];
  return row ? { id: Number(row.id), slug: row.slug, tokenHash: row.tokenHash, repositoryTokenHash: row.repositoryTokenHash } : null;
}

async function repositoryForIngest(db: Db, slug: string): Promise<(IngestRepository & { tokenHash: string | null }) | null> {
  const rows = await db.$queryRaw<Array<{ id: number | bigint; slug: string; repoUrl: string | null; tokenHash: string | null }>>`
    SELECT "id", "slug", "repoUrl", "tokenHash" FROM "Repository" WHERE "slug" = ${slug}`;
  const row = rows[0];
  return row ? { id: Number(row.id), slug: row.slug, repoUrl: row.repoUrl, tokenHash: row.tokenHash } : null;
}

/** Whether the token opens some other project or repository than the one asked for (403 rather than 401). */
async function ownsSomethingElse(db: Db, token: string, project: string | null, repository: string | null): Promise<boolean> {
  const hash = hashToken(token);
  const owner = await getProjectSlugByTokenHash(db, hash);
  if (owner !== null && owner !== project) return true;
  const rows = await db.$queryRaw<Array<{ slug: string }>>`SELECT "slug" FROM "Repository" WHERE "tokenHash" = ${hash} LIMIT 1`;
  const repositoryOwner = rows[0]?.slug ?? null;
  return repositoryOwner !== null && repositoryOwner !== repository;
}

type Gate = { ok: true; failures: ReturnType<typeof failedAuthLimiter>; token: string } | { ok: false; refusal: WriteRefusal };

/** An address out of failures is refused before any lookup; a missing token counts as a failure. */
function gate(credentials: WriteCredentials): Gate {
  const failures = failedAuthLimiter();
  const blocked = failures.check(credentials.address);
  if (!blocked.ok) return { ok: false, refusal: { kind: "too-many-failures", retryAfterSeconds: blocked.retryAfterSeconds } };
  if (!credentials.token) {
    failures.fail(credentials.address);
    return { ok: false, refusal: { kind: "missing-token" } };
  }
  return { ok: true, failures, token: credentials.token };
}

/** The rate limit is per token (its hash is the key), whether it opens a project or a repository. */
async function rateLimited(db: Db, tokenHash: string): Promise<WriteRefusal | null> {
  const decision = (await writeRateLimiter(currentDialect(), db)?.take(tokenHash)) ?? { ok: true };
  return decision.ok ? null : { kind: "rate-limited", retryAfterSeconds: decision.retryAfterSeconds };
}

/**
 * Checked inside every write handler, not only in proxy.ts. The token itself is never logged nor
 * echoed: only its SHA-256 is compared (in constant time) and used as the rate-limit key. The token
 * is checked before the slug is trusted: an unknown slug and a bad token get the same answer.
 * A family's project also opens to its repository's token. A missing or invalid token counts against
 * the client's address; an address out of failures is refused before anything is looked up.
 */
export async function authorizeProjectWrite(db: Db, credentials: WriteCredentials, slug: string): Promise<WriteAuthorization> {
  const checked = gate(credentials);
  if (!checked.ok) return checked.refusal;
  const { token, failures } = checked;
  const project = await projectForIngest(db, slug);
  const openedBy = !project
    ? null
    : project.tokenHash && tokenMatches(token, project.tokenHash)
      ? project.tokenHash
      : project.repositoryTokenHash && tokenMatches(token, project.repositoryTokenHash)
        ? project.repositoryTokenHash
        : null;
  if (project && openedBy) {
    const limited = await rateLimited(db, openedBy);
    return limited ?? { kind: "authorized", project: { id: project.id, slug: project.slug } };
  }
  if (await ownsSomethingElse(db, token, slug, null)) return { kind: "other-project" };
  failures.fail(credentials.address);
  return { kind: "invalid-token" };
}

/** The same rules for a repository's own routes: its token only (a family project's token does not open the repository). */
export async function authorizeRepositoryWrite(db: Db, credentials: WriteCredentials, slug: string): Promise<RepositoryWriteAuthorization> {
  const checked = gate(credentials);
  if (!checked.ok) return checked.refusal;
  const { token, failures } = checked;
  const repository = await repositoryForIngest(db, slug);
  if (repository?.tokenHash && tokenMatches(token, repository.tokenHash)) {
    const limited = await rateLimited(db, repository.tokenHash);
    return limited ?? { kind: "authorized", repository: { id: repository.id, slug: repository.slug, repoUrl: repository.repoUrl } };
  }
  if (await ownsSomethingElse(db, token, null, slug)) return { kind: "other-project" };
  failures.fail(credentials.address);
  return { kind: "invalid-token" };
}
