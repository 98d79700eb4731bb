import { createHash } from "node:crypto";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { loadBadge, loadProject, sharedRouteDenied } from "@/lib/loaders";
import { BADGE_COLORS, projectBadge, renderBadge } from "@/lib/share/badge";

export const dynamic = "force-dynamic";

/** A badge must always render: bad options fall back to defaults instead of failing. No label: the family's noun. */
const Options = z.object({
  label: z.string().trim().min(1).max(64).optional().catch(undefined),
  style: z.enum(["flat", "flat-square"]).catch("flat"),
  metric: z.enum(["count", "checks"]).catch("count"),
});

const SVG_HEADERS = {
  "content-type": "image/svg+xml; charset=utf-8",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  "x-content-type-options": "nosniff",
  "cache-control": "public, max-age=300, s-maxage=300",
};

function svgResponse(request: Request, svg: string, status = 200): Response {
  const etag = `"${createHash("sha1").update(svg).digest("base64url")}"`;
  if (status === 200 && request.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers: { ...SVG_HEADERS, etag } });
  }
  return new Response(svg, { status, headers: { ...SVG_HEADERS, etag } });
}

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = new URL(request.url).searchParams;
  const options = Options.parse({
    label: search.get("label") ?? undefined,
    style: search.get("style") ?? undefined,
    metric: search.get("metric") ?? undefined,
  });
  const denied = await sharedRouteDenied(request, slug);
  if (denied) return denied;
  const project = await loadProject(slug);
  if (!project) {
    const label = options.label ?? (options.metric === "checks" ? "checks" : "engines");
    return svgResponse(request, renderBadge({ label, message: "unknown", color: BADGE_COLORS.unknown, style: options.style }), 404);
  }
  const { headline, checks } = await loadBadge(project, options.metric);
  return svgResponse(request, renderBadge(projectBadge(headline, options, checks)));
});
