import { IngestInventorySchema, type CommittedInventory } from "@/lib/contract/inventory";
import { hashToken, tokenMatches } from "@/lib/auth/tokens";
import { bearerToken, parseJsonBody } from "@/lib/api/request";
import { forbidden, json, notFound, unauthorized } from "@/lib/api/response";
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

/** Checked inside every write handler, not only in middleware. */
export async function authorizeProjectWrite(db: Db, request: Request, slug: string): Promise<Authorized> {
  const token = bearerToken(request);
  if (!token) return { ok: false, response: unauthorized("send Authorization: Bearer <project token>") };
  const project = await getProjectForIngest(db, slug);
  if (!project) return { ok: false, response: notFound(`no project "${slug}"`) };
  if (tokenMatches(token, project.tokenHash)) return { ok: true, project };
  const owner = await getProjectSlugByTokenHash(db, hashToken(token));
  if (owner) return { ok: false, response: forbidden(`this token belongs to another project, not to "${slug}"`) };
  return { ok: false, response: unauthorized("the token is not valid for this project") };
}

/** POST /api/v1/projects/{slug}/scans: auth, then the body through the contract, then one transaction. */
export async function handleScanPost(db: Db, request: Request, slug: string): Promise<Response> {
  const auth = await authorizeProjectWrite(db, request, slug);
  if (!auth.ok) return auth.response;
  const body = await parseJsonBody(request, IngestInventorySchema);
  if (!body.ok) return body.response;
  const result = await ingestInventory(db, auth.project, body.value);
  const url = scanPath(slug, result.scan.commit.sha);
  return json(
    { created: result.created, url, scan: result.scan },
    { status: result.created ? 201 : 200, headers: { location: url } },
  );
}
