import { z } from "zod";
import { parseQuery, route } from "@/lib/api/handler";
import { publicOrigin } from "@/lib/api/origin";
import { notFound, respond } from "@/lib/api/response";
import { RepositoryReportSchema } from "@/lib/contract/repository";
import { getDb } from "@/lib/loaders/store";
import { ScanRefSchema } from "@/lib/queries";
import { getRepository, getRepositoryReport } from "@/lib/queries/repositories";
import { renderRepositoryReportMarkdown } from "@/lib/report/repository";

export const dynamic = "force-dynamic";

const Params = z.strictObject({
  at: ScanRefSchema.optional(),
  since: ScanRefSchema.optional(),
  format: z.enum(["json", "md"]).default("json"),
});

/** The repository's weekly report: JSON, or markdown for an issue thread. */
export const GET = route<{ repo: string }>(async (request, { repo }) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const db = getDb();
  const repository = await getRepository(db, repo);
  if (!repository) return notFound(`no repository "${repo}"`);
  const report = await getRepositoryReport(db, repository, query.value);
  if (!report) {
    return notFound(
      query.value.at || query.value.since ? "no scan matches at/since in this repository" : `repository "${repo}" has no scans yet`,
    );
  }
  if (query.value.format === "md") {
    return new Response(renderRepositoryReportMarkdown(report, publicOrigin(request.headers)), {
      headers: { "content-type": "text/markdown; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return respond(RepositoryReportSchema, report);
});
