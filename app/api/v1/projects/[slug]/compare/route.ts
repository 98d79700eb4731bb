import { z } from "zod";
import { csvResponse } from "@/lib/api/csv";
import { parseQuery, route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { notFound, respond } from "@/lib/api/response";
import { ScanComparisonSchema } from "@/lib/contract/responses";
import { diffRows, DIFF_COLUMNS } from "@/lib/analytics/diff";
import { getScanComparison, getSinceLastWeek, ScanRefSchema } from "@/lib/queries";

export const dynamic = "force-dynamic";

/** Without from/to: the latest scan against the newest scan a week older ("since last week"). */
const Params = z
  .strictObject({
    from: ScanRefSchema.optional(),
    to: ScanRefSchema.optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .refine((params) => (params.from === undefined) === (params.to === undefined), {
    message: "give both from and to, or neither",
    path: ["from"],
  });

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const { from, to, format } = query.value;
  const comparison =
    from !== undefined && to !== undefined
      ? await getScanComparison(found.db, found.project.id, from, to)
      : await getSinceLastWeek(found.db, found.project.id);
  if (!comparison) return notFound("no scan matches from/to in this project");
  if (format === "json") return respond(ScanComparisonSchema, comparison);
  return csvResponse(
    `${slug}-compare-${comparison.from.commit.sha.slice(0, 7)}-${comparison.to.commit.sha.slice(0, 7)}.csv`,
    DIFF_COLUMNS,
    diffRows(comparison.diff),
  );
});
