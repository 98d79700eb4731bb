import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { parseQuery, route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { respond } from "@/lib/api/response";
import { ChecksResponseSchema } from "@/lib/contract/responses";
import { getCheckStatuses, getProjectScans } from "@/lib/queries";

export const dynamic = "force-dynamic";

const Params = z.strictObject({ format: z.enum(["json", "csv"]).default("json") });

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const [latest] = await getProjectScans(found.db, found.project.id, { limit: 1 });
  const checks = latest ? await getCheckStatuses(found.db, found.project.id, latest.id) : [];
  if (query.value.format === "json") return respond(ChecksResponseSchema, { scan: latest ?? null, checks });
  return csvResponse(
    `${slug}-checks.csv`,
    ["id", "title", "passed", "value", "threshold", "summary", "since", "sinceSha"] as const,
    checks.map((check) => ({ ...check, since: check.since, sinceSha: check.sinceSha })),
  );
});
