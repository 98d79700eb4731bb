import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { parseQuery, route } from "@/lib/api/handler";
import { respond } from "@/lib/api/response";
import { ProjectListResponseSchema } from "@/lib/contract/responses";
import { getDb } from "@/lib/loaders/store";
import { getProjectCards } from "@/lib/queries";

export const dynamic = "force-dynamic";

const Params = z.strictObject({ format: z.enum(["json", "csv"]).default("json") });

export const GET = route(async (request) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const projects = await getProjectCards(getDb());
  if (query.value.format === "json") return respond(ProjectListResponseSchema, { projects });
  return csvResponse(
    "projects.csv",
    [
      "slug",
      "name",
      "status",
      "statusDetail",
      "staleDays",
      "counted",
      "target",
      "weekAgoCounted",
      "lastScanDate",
      "lastScanSha",
      "eta",
    ] as const,
    projects.map((project) => ({
      slug: project.slug,
      name: project.name,
      status: project.status,
      statusDetail: project.statusDetail,
      staleDays: project.stale?.ageDays ?? null,
      counted: project.latest?.counted ?? null,
      target: project.latest?.finalTarget ?? null,
      weekAgoCounted: project.weekAgo?.counted ?? null,
      lastScanDate: project.latest?.date ?? null,
      lastScanSha: project.latest?.sha ?? null,
      eta: project.eta,
    })),
  );
});
