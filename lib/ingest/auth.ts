import { ingestRateLimiter } from "@/lib/auth/rate-limit";
import { hashToken, tokenMatches } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { getProjectForIngest, getProjectSlugByTokenHash } from "@/lib/queries/projects";
import type { IngestProject } from "./scans";

/** Who may write to a project, decided before anything is read from the body. */
export type WriteAuthorization =
  | { kind: "authorized"; project: IngestProject }
  | { kind: "missing-token" }
  /** Unknown slug, or a token that is unknown, rotated or revoked: one answer, so slugs cannot be listed. */
  | { kind: "invalid-token" }
  /** A valid token of another project (whether or not `slug` exists). */
  | { kind: "other-project" }
  | { kind: "rate-limited"; retryAfterSeconds: number };

/**
 * Checked inside every write handler, not only in proxy.ts. The token itself is never logged nor
 * echoed: only its SHA-256 is compared (in constant time) and used as the rate-limit key. The token
 * is checked before the slug is trusted: an unknown slug and a bad token get the same answer.
 */
export async function authorizeProjectWrite(db: Db, token: string | null, slug: string): Promise<WriteAuthorization> {
  if (!token) return { kind: "missing-token" };
  const project = await getProjectForIngest(db, slug);
  if (project && tokenMatches(token, project.tokenHash)) {
    const decision = ingestRateLimiter()?.take(project.tokenHash ?? "") ?? { ok: true };
    if (!decision.ok) return { kind: "rate-limited", retryAfterSeconds: decision.retryAfterSeconds };
    return { kind: "authorized", project: { id: project.id, slug: project.slug } };
  }
  const owner = await getProjectSlugByTokenHash(db, hashToken(token));
  if (owner !== null && owner !== slug) return { kind: "other-project" };
  return { kind: "invalid-token" };
}
