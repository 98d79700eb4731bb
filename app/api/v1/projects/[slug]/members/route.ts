import { z } from "zod";
import { MemberFilterSchema } from "@/lib/analytics/member-filter-schema";
import { filterMembers } from "@/lib/analytics/members";
import { csvResponse } from "@/lib/api/csv";
import { parseQuery, route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { notFound, respond } from "@/lib/api/response";
import { MembersResponseSchema } from "@/lib/contract/responses";
import { getProjectScans, getScanDetail, resolveScanRef, ScanRefSchema } from "@/lib/queries";

export const dynamic = "force-dynamic";

const Params = MemberFilterSchema.extend({
  at: ScanRefSchema.optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

/** The members of the latest scan (or the scan `at` names), filtered and sorted like the page's table. */
export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const { at, format, ...filter } = query.value;
  const sha = at
    ? (await resolveScanRef(found.db, found.project.id, at))?.commitSha
    : (await getProjectScans(found.db, found.project.id, { limit: 1 }))[0]?.commit.sha;
  const scan = sha ? await getScanDetail(found.db, found.project.id, sha) : null;
  if (!scan) return notFound(at ? `no scan matches "${at}"` : `project "${slug}" has no scans yet`);
  const members = filterMembers(scan.members, scan.checkResults, filter);
  if (format === "json") return respond(MembersResponseSchema, { scan: { id: scan.id, commit: scan.commit }, members });
  return csvResponse(
    `${slug}-members-${scan.commit.sha.slice(0, 7)}.csv`,
    [
      "name",
      "key",
      "kind",
      "classification",
      "reason",
      "phase",
      "file",
      "line",
      "endLine",
      "loc",
      "signature",
      "delegatesTo",
      "aliasOf",
      "emits",
      "deprecated",
    ] as const,
    members.map((member) => ({
      ...member,
      signature: member.constructor?.signature ?? null,
    })),
  );
});
