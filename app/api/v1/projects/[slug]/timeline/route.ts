import { TimelineParamsSchema } from "@/lib/analytics/range";
import { CLASSIFICATIONS } from "@/lib/contract/inventory";
import { csvResponse } from "@/lib/api/csv";
import { parseQuery, route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { respond } from "@/lib/api/response";
import { ProjectViewSchema } from "@/lib/contract/responses";
import { getProjectView } from "@/lib/queries";

export const dynamic = "force-dynamic";

const COLUMNS = [
  "date",
  "sha",
  "counted",
  "target",
  "finalTarget",
  "members",
  ...CLASSIFICATIONS,
  "complete",
  "checksFailed",
  "legacyUsages",
] as const;

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const query = parseQuery(request, TimelineParamsSchema);
  if (!query.ok) return query.response;
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const view = await getProjectView(found.db, found.project, query.value);
  if (query.value.format === "json") return respond(ProjectViewSchema, view);
  return csvResponse(
    `${slug}-timeline.csv`,
    COLUMNS,
    view.points.map((point) => ({
      date: point.date,
      sha: point.sha,
      counted: point.counted,
      target: point.target,
      finalTarget: point.finalTarget,
      members: point.members,
      ...point.byClassification,
      complete: point.complete,
      checksFailed: point.checksFailed,
      // Empty, never 0, for a scan that did not measure usages.
      legacyUsages: point.legacyUsages,
    })),
  );
});
