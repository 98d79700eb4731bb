import { z } from "zod";
import { clientAddress } from "@/lib/auth/client-address";
import { failedSignInRefusal } from "@/lib/auth/read-access";
import { IngestInventorySchema, type CommittedInventory } from "@/lib/contract/inventory";
import {
  INGEST_LIMITS,
  ScanBatchResponseSchema,
  ScanPostResponseSchema,
  ScansDeleteResponseSchema,
  type IngestStatus,
} from "@/lib/contract/responses";
import type { Db } from "@/lib/db/client";
import {
  authorizeProjectWrite,
  deleteScans,
  duplicateCommits,
  ingestBatch,
  IngestRejected,
  MAX_PENDING_WRITES,
  submitInventory,
  submitWrite,
  type IngestProject,
  type ScanSelection,
  type WriteAuthorization,
} from "@/lib/ingest";
import { scanHref } from "@/lib/links";
import { parseQuery } from "./handler";
import { bearerToken, parseIngestBody } from "./request";
import { apiError, badRequest, forbidden, respond, serviceUnavailable, tooManyRequests, unauthorized } from "./response";

/** The write routes' translation of an authorization into the project, or the one error body. */
export async function authorize(
  db: Db,
  request: Request,
  slug: string,
): Promise<{ ok: true; project: IngestProject } | { ok: false; response: Response }> {
  const credentials = { token: bearerToken(request), address: clientAddress(request) };
  const auth: WriteAuthorization = await authorizeProjectWrite(db, credentials, slug);
  switch (auth.kind) {
    case "authorized":
      return { ok: true, project: auth.project };
    case "missing-token":
      return { ok: false, response: unauthorized("send Authorization: Bearer <project token>") };
    case "invalid-token":
      return {
        ok: false,
        response: unauthorized("the token is not valid for this project (unknown project, or a wrong, rotated or revoked token)"),
      };
    case "other-project":
      return { ok: false, response: forbidden(`this token belongs to another project, not to "${slug}"`) };
    case "rate-limited":
      return { ok: false, response: tooManyRequests(auth.retryAfterSeconds) };
    case "too-many-failures":
      return { ok: false, response: failedSignInRefusal(auth.retryAfterSeconds) };
  }
}

const Flag = z.enum(["1", "true", "0", "false"]).transform((value) => value === "1" || value === "true");

/** Other query parameters are ignored, as they always were on this route. */
export const PostParams = z.object({ replace: Flag.default(false) });

/** A refusal found by the ingest functions before writing (a duplicate commit, a family slug): 422 naming it. */
export function rejected(error: IngestRejected | ReadonlyArray<{ path: string; message: string }>): Response {
  const issues = (error instanceof IngestRejected ? error.issues : error).slice(0, 100);
  const paths = [...new Set(issues.map((issue) => issue.path))].slice(0, 5).join(", ");
  return apiError(
    422,
    "invalid_body",
    `nothing was stored: ${paths}: ${issues[0]?.message ?? "invalid"}`,
    issues.map((issue) => ({ path: issue.path, message: issue.message, code: "custom" })),
  );
}

export const busy = () => serviceUnavailable(`${MAX_PENDING_WRITES} writes are already waiting; retry shortly`, 1);

export function statusCounts(statuses: readonly IngestStatus[]): Record<IngestStatus, number> {
  const counts: Record<IngestStatus, number> = { created: 0, existing: 0, replaced: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}

/**
 * POST /api/v1/projects/{slug}/scans[?replace=1]: the token first, then the body through the contract,
 * then one transaction. 201 for a new scan, 200 for a commit already stored (kept as is, or replaced
 * with `replace=1`: `replaced: true`).
 */
export async function handleScanPost(db: Db, request: Request, slug: string): Promise<Response> {
  const auth = await authorize(db, request, slug);
  if (!auth.ok) return auth.response;
  const query = parseQuery(request, PostParams);
  if (!query.ok) return query.response;
  const body = await parseIngestBody(request, IngestInventorySchema, {
    singleBytes: INGEST_LIMITS.singleBytes,
    batchBytes: INGEST_LIMITS.batchBytes,
    batchItems: INGEST_LIMITS.batchCommits,
  });
  if (!body.ok) return body.response;
  if (body.value.kind === "batch") return postBatch(db, auth.project, body.value.values, query.value.replace);
  const result = await submitInventory(db, auth.project, body.value.value, { replace: query.value.replace });
  if (result.kind === "busy") return busy();
  const url = scanHref(slug, result.scan.commit.sha);
  const isNew = result.created && !result.replaced;
  return respond(
    ScanPostResponseSchema,
    { created: result.created, replaced: result.replaced, url, scan: result.scan },
    { status: isNew ? 201 : 200, headers: { location: url } },
  );
}

/** A batch of a project's commits: 200 with one result per commit (created, existing or replaced). */
async function postBatch(db: Db, project: IngestProject, inventories: CommittedInventory[], replace: boolean): Promise<Response> {
  const duplicates = duplicateCommits(
    inventories.map((inventory) => inventory.commit.sha),
    (index) => `[${index}].commit.sha`,
  );
  if (duplicates.length > 0) return rejected(duplicates);
  const submitted = await submitWrite(() => ingestBatch(db, project, inventories, { replace }));
  if (submitted.kind === "busy") return busy();
  const results = submitted.value.map((result) => ({ ...result, url: scanHref(project.slug, result.sha) }));
  return respond(ScanBatchResponseSchema, { results, counts: statusCounts(results.map((result) => result.status)) });
}

const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const DeleteParams = z.strictObject({
  all: Flag.optional(),
  since: Instant.optional(),
  until: Instant.optional(),
});

/** A date alone covers its whole UTC day, so `since` and `until` are both inclusive. */
function instantOf(value: string, edge: "start" | "end"): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  return new Date(`${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`);
}

type Selection = { ok: true; value: ScanSelection } | { ok: false; response: Response };

function scanSelection(params: z.infer<typeof DeleteParams>): Selection {
  const { all, since, until } = params;
  const ranged = since !== undefined || until !== undefined;
  if (all === true && ranged) return { ok: false, response: badRequest("give either all=1 or since and until, not both") };
  if (all === true) return { ok: true, value: { all: true } };
  if (!ranged) return { ok: false, response: badRequest("give all=1, or since and until (ISO dates, inclusive, on the commit date)") };
  if (since === undefined || until === undefined) {
    return { ok: false, response: badRequest(`${since === undefined ? "since" : "until"} is missing: a range needs both since and until`) };
  }
  const range = { since: instantOf(since, "start"), until: instantOf(until, "end") };
  if (range.since > range.until) return { ok: false, response: badRequest(`since (${since}) is after until (${until})`) };
  return { ok: true, value: range };
}

/** DELETE /api/v1/projects/{slug}/scans?since=&until= (or ?all=1): `{ deleted: n }`, in one transaction. */
export async function handleScansDelete(db: Db, request: Request, slug: string): Promise<Response> {
  const auth = await authorize(db, request, slug);
  if (!auth.ok) return auth.response;
  const query = parseQuery(request, DeleteParams);
  if (!query.ok) return query.response;
  const selection = scanSelection(query.value);
  if (!selection.ok) return selection.response;
  return respond(ScansDeleteResponseSchema, await deleteScans(db, auth.project.id, selection.value));
}
