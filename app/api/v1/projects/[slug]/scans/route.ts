import { z } from "zod";
import { PagingParams, parseQuery, route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { respond } from "@/lib/api/response";
import { handleScanPost, handleScansDelete } from "@/lib/api/scans";
import { CommitListResponseSchema, ScanListResponseSchema } from "@/lib/contract/responses";
import { getDb } from "@/lib/loaders/store";
import { getProjectCommitShas, getProjectScans } from "@/lib/queries";

export const dynamic = "force-dynamic";

const ScanListParams = PagingParams.extend({
  branch: z.string().min(1).max(512).optional(),
  /** `fields=sha` lists every stored commit SHA, which lets a backfill skip what is already here. */
  fields: z.enum(["summary", "sha"]).default("summary"),
});

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const query = parseQuery(request, ScanListParams);
  if (!query.ok) return query.response;
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const { db, project } = found;
  if (query.value.fields === "sha") return respond(CommitListResponseSchema, { commits: await getProjectCommitShas(db, project.id) });
  const scans = await getProjectScans(db, project.id, {
    limit: query.value.limit,
    before: query.value.before ? new Date(query.value.before) : undefined,
    branch: query.value.branch,
  });
  return respond(ScanListResponseSchema, { scans });
});

export const POST = route<{ slug: string }>(async (request, { slug }) => handleScanPost(getDb(), request, slug));

export const DELETE = route<{ slug: string }>(async (request, { slug }) => handleScansDelete(getDb(), request, slug));
