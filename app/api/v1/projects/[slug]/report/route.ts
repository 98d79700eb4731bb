import { z } from "zod";
import { DIFF_COLUMNS, diffRows } from "@/lib/analytics/diff";
import { csvResponse } from "@/lib/api/csv";
import { parseQuery, route } from "@/lib/api/handler";
import { publicOrigin } from "@/lib/api/origin";
import { findProject } from "@/lib/api/project";
import { notFound, respond } from "@/lib/api/response";
import { WeeklyReportSchema } from "@/lib/contract/responses";
import { getWeeklyReport, ScanRefSchema } from "@/lib/queries";
import { renderReportMarkdown } from "@/lib/report/markdown";

export const dynamic = "force-dynamic";

const Params = z.strictObject({
  at: ScanRefSchema.optional(),
  since: ScanRefSchema.optional(),
  format: z.enum(["json", "md", "csv"]).default("json"),
});

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const report = await getWeeklyReport(found.db, found.project, query.value);
  if (!report)
    return notFound(
      query.value.at || query.value.since ? "no scan matches at/since in this project" : `project "${slug}" has no scans yet`,
    );
  switch (query.value.format) {
    case "json":
      return respond(WeeklyReportSchema, report);
    case "csv":
      return csvResponse(`${slug}-report-${report.at.commit.sha.slice(0, 7)}.csv`, DIFF_COLUMNS, diffRows(report.diff));
    case "md":
      return new Response(renderReportMarkdown(report, publicOrigin(request.headers)), {
        headers: { "content-type": "text/markdown; charset=utf-8", "cache-control": "no-store" },
      });
  }
});
