import { failedAuthLimiter } from "@/lib/auth/rate-limit";
import { hashToken, tokenMatches } from "@/lib/auth/tokens";
import { writeRateLimiter } from "@/lib/auth/write-limit";
import { currentDialect, type Db } from "@/lib/db/client";
import { getProjectForIngest, getProjectSlugByTokenHash } from "@/lib/queries/projects";
import type { IngestProject } from "./scans";

/** What a write request presents: its bearer token (if any) and the client's address (`clientAddress`). */
export interface WriteCredentials {
  token: string | null;
  address: string;
}

/** Who may write to a project, decided before anything is read from the body. */
export type WriteAuthorization =
  | { kind: "authorized"; project: IngestProject }
  | { kind: "missing-token" }
  /** Unknown slug, or a token that is unknown, rotated or revoked: one answer, so slugs cannot be listed. */
  | { kind: "invalid-token" }
  /** A valid token of another project (whether or not `slug` exists). */
  | { kind: "other-project" }
  /** The token's writes are over CONVERGE_RATE_LIMIT. */
  | { kind: "rate-limited"; retryAfterSeconds: number }
  /** The address is out of failed authentications (CONVERGE_AUTH_FAILURE_LIMIT): refused before any lookup. */
  | { kind: "too-many-failures"; retryAfterSeconds: number };

/**
 * Checked inside every write handler, not only in proxy.ts. The token itself is never logged nor
 * echoed: only its SHA-256 is compared (in constant time) and used as the rate-limit key. The token
 * is checked before the slug is trusted: an unknown slug and a bad token get the same answer.
 * A missing or invalid token counts against the client's address; an address out of failures is
 * refused before anything is looked up, whatever it sends.
 */
export async function authorizeProjectWrite(db: Db, credentials: WriteCredentials, slug: string): Promise<WriteAuthorization> {
  const failures = failedAuthLimiter();
  const blocked = failures.check(credentials.address);
  if (!blocked.ok) return { kind: "too-many-failures", retryAfterSeconds: blocked.retryAfterSeconds };
  const { token } = credentials;
  if (!token) {
    failures.fail(credentials.address);
    return { kind: "missing-token" };
  }
  const project = await getProjectForIngest(db, slug);
  if (project?.tokenHash && tokenMatches(token, project.tokenHash)) {
    const decision = (await writeRateLimiter(currentDialect(), db)?.take(project.tokenHash)) ?? { ok: true };
    if (!decision.ok) return { kind: "rate-limited", retryAfterSeconds: decision.retryAfterSeconds };
    return { kind: "authorized", project: { id: project.id, slug: project.slug } };
  }
  const owner = await getProjectSlugByTokenHash(db, hashToken(token));
  if (owner !== null && owner !== slug) return { kind: "other-project" };
  failures.fail(credentials.address);
  return { kind: "invalid-token" };
}
