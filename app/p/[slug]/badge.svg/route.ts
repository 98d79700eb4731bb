import { z } from "zod";
import { route } from "@/lib/api/handler";
import { sharedCacheHeaders } from "@/lib/auth/share";
import { loadBadge, loadProject, sharedRouteAccess } from "@/lib/loaders";
import { BADGE_COLORS, projectBadge, renderBadge } from "@/lib/share/badge";
import { BADGE_PUBLIC_CACHE, svgResponse } from "@/lib/share/badge-response";

export const dynamic = "force-dynamic";

/** A badge must always render: bad options fall back to defaults instead of failing. No label: the family's noun. */
const Options = z.object({
  label: z.string().trim().min(1).max(64).optional().catch(undefined),
  style: z.enum(["flat", "flat-square"]).catch("flat"),
  metric: z.enum(["count", "checks"]).catch("count"),
});

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = new URL(request.url).searchParams;
  const options = Options.parse({
    label: search.get("label") ?? undefined,
    style: search.get("style") ?? undefined,
    metric: search.get("metric") ?? undefined,
  });
  const access = await sharedRouteAccess(request, slug);
  if (!access.ok) return access.response;
  const caching = sharedCacheHeaders(access.via, BADGE_PUBLIC_CACHE);
  const project = await loadProject(slug);
  if (!project) {
    const label = options.label ?? (options.metric === "checks" ? "checks" : "engines");
    return svgResponse(
      request,
      renderBadge({ label, message: "unknown", color: BADGE_COLORS.unknown, style: options.style }),
      caching,
      404,
    );
  }
  const { headline, checks } = await loadBadge(project, options.metric);
  return svgResponse(request, renderBadge(projectBadge(headline, options, checks)), caching);
});
