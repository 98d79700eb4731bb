import { createHash } from "node:crypto";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { sharedCacheHeaders } from "@/lib/auth/share";
import { loadBadge, loadProject, sharedRouteAccess } from "@/lib/loaders";
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
};

/** Shared caches may keep a badge 5 minutes, unless only the read token let the request in (sharedCacheHeaders). */
const PUBLIC_CACHE = "public, max-age=300, s-maxage=300";

function svgResponse(request: Request, svg: string, caching: Record<string, string>, status = 200): Response {
  const etag = `"${createHash("sha1").update(svg).digest("base64url")}"`;
  const headers = { ...SVG_HEADERS, ...caching, etag };
  if (status === 200 && request.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(svg, { status, headers });
}

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = new URL(request.url).searchParams;
  const options = Options.parse({
    label: search.get("label") ?? undefined,
    style: search.get("style") ?? undefined,
    metric: search.get("metric") ?? undefined,
  });
  const access = await sharedRouteAccess(request, slug);
  if (!access.ok) return access.response;
  const caching = sharedCacheHeaders(access.via, PUBLIC_CACHE);
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
