import { IngestInventorySchema, type CommittedInventory } from "@/lib/contract/inventory";
import { hashToken, tokenMatches } from "@/lib/auth/tokens";
import { bearerToken, parseJsonBody } from "@/lib/api/request";
import { forbidden, json, notFound, serviceUnavailable, tooManyRequests, unauthorized } from "@/lib/api/response";
import { ingestRateLimiter } from "@/lib/auth/rate-limit";
import type { Db } from "@/lib/db/client";
import { createScan, getProjectForIngest, getProjectSlugByTokenHash, type CreatedScan } from "@/lib/queries";

export type IngestProject = { id: number; slug: string };

/** The one write path for scans: the HTTP API and the demo seeding both come through here. */
export async function ingestInventory(db: Db, project: IngestProject, inventory: CommittedInventory): Promise<CreatedScan> {
  return createScan(db, project.id, inventory);
}

export function scanPath(slug: string, sha: string): string {
  return `/p/${encodeURIComponent(slug)}/scans/${sha}`;
}

type Authorized = { ok: true; project: IngestProject } | { ok: false; response: Response };

/**
 * Checked inside every write handler, not only in proxy.ts. The token itself is never logged nor
 * echoed: only its SHA-256 is compared (in constant time) and used as the rate-limit key.
 * A valid token over its rate limit gets 429 with Retry-After (CONVERGE_RATE_LIMIT).
 */
export async function authorizeProjectWrite(db: Db, request: Request, slug: string): Promise<Authorized> {
  const token = bearerToken(request);
  if (!token) return { ok: false, response: unauthorized("send Authorization: Bearer <project token>") };
  const project = await getProjectForIngest(db, slug);
  if (!project) return { ok: false, response: notFound(`no project "${slug}"`) };
  if (tokenMatches(token, project.tokenHash)) {
    const decision = ingestRateLimiter()?.take(project.tokenHash ?? "") ?? { ok: true };
    if (!decision.ok) return { ok: false, response: tooManyRequests(decision.retryAfterSeconds) };
    return { ok: true, project: { id: project.id, slug: project.slug } };
  }
  const owner = await getProjectSlugByTokenHash(db, hashToken(token));
  if (owner) return { ok: false, response: forbidden(`this token belongs to another project, not to "${slug}"`) };
  return { ok: false, response: unauthorized("the token is not valid for this project (unknown, rotated or revoked)") };
}

/**
 * Writes are serialized per store (SQLite: one writer; PostgreSQL: the project's engine rows), so a
 * process keeps at most this many parsed scans waiting for their turn; beyond it a post gets 503 with
 * Retry-After at once instead of holding memory until Prisma's 20 s transaction wait runs out.
 */
export const MAX_PENDING_WRITES = 64;
let pendingWrites = 0;

/** POST /api/v1/projects/{slug}/scans: auth, then the body through the contract, then one transaction. */
export async function handleScanPost(db: Db, request: Request, slug: string): Promise<Response> {
  const auth = await authorizeProjectWrite(db, request, slug);
  if (!auth.ok) return auth.response;
  const body = await parseJsonBody(request, IngestInventorySchema);
  if (!body.ok) return body.response;
  if (pendingWrites >= MAX_PENDING_WRITES) {
    return serviceUnavailable(`${MAX_PENDING_WRITES} scans are already waiting to be written; retry shortly`, 1);
  }
  pendingWrites += 1;
  let result: CreatedScan;
  try {
    result = await ingestInventory(db, auth.project, body.value);
  } finally {
    pendingWrites -= 1;
  }
  const url = scanPath(slug, result.scan.commit.sha);
  return json(
    { created: result.created, url, scan: result.scan },
    { status: result.created ? 201 : 200, headers: { location: url } },
  );
}
