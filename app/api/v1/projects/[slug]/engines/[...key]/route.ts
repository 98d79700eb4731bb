import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { parseQuery, route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { notFound, respond } from "@/lib/api/response";
import { EngineHistorySchema } from "@/lib/contract/responses";
import { engineKeyFromSegments } from "@/lib/links";
import { getEngineHistory } from "@/lib/queries";

export const dynamic = "force-dynamic";

const Params = z.strictObject({ format: z.enum(["json", "csv"]).default("json") });

export const GET = route<{ slug: string; key: string[] }>(async (request, params) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const found = await findProject(params.slug);
  if (!found.ok) return found.response;
  const key = engineKeyFromSegments(params.key);
  const history = await getEngineHistory(found.db, found.project.id, key);
  if (!history) return notFound(`no member "${key}" in "${params.slug}"`);
  if (query.value.format === "json") return respond(EngineHistorySchema, history);
  return csvResponse(
    `${params.slug}-${history.name}-history.csv`,
    ["from", "fromSha", "to", "toSha", "scans", "file", "line", "loc", "classification", "phase", "signature", "bodyHash"] as const,
    history.periods.map(({ from, to, scans, member }) => ({
      from: from.date,
      fromSha: from.sha,
      to: to.date,
      toSha: to.sha,
      scans,
      file: member.file,
      line: member.line,
      loc: member.loc,
      classification: member.classification,
      phase: member.phase,
      signature: member.constructor?.signature ?? null,
      bodyHash: member.bodyHash,
    })),
  );
});
