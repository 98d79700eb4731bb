import type { ProjectStatus } from "@/lib/analytics/status";
import { route } from "@/lib/api/handler";
import { formatCount } from "@/lib/contract/vocabulary";
import { formatDate } from "@/lib/format";
import { sharedCacheHeaders } from "@/lib/auth/share";
import { loadEngineName, loadOgImage, loadProject, sharedRouteAccess } from "@/lib/loaders";
import { ogImageCache, ogImageResponse } from "@/lib/share/og-cache";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Browsers may keep a preview 5 minutes; only the read token letting the request in makes it `private, no-store`. */
const PUBLIC_CACHE = "public, max-age=300";

/**
 * The link-preview image (1200×630 PNG): project, count / target in the plan's unit with both units
 * below, trend and status. It reads only the database; nothing in the query string is ever fetched.
 * `at` pins a report's numbers and `engine` is looked up, not echoed: shown only if it exists.
 */
export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = new URL(request.url).searchParams;
  const access = await sharedRouteAccess(request, slug);
  if (!access.ok) return access.response;
  const project = await loadProject(slug);
  const { scan, headline } = project ? await loadOgImage(project, search.get("at")) : { scan: null, headline: null };
  const engineKey = search.get("engine");
  const engineName = project && engineKey ? await loadEngineName(project.id, engineKey.slice(0, 2048)) : null;
  const latest = headline?.latest ?? null;
  const status: ProjectStatus = headline?.status ?? "no-data";
  const target = headline?.plan?.target ?? latest?.finalTarget ?? 0;
  const subtitle = engineName
    ? `Member ${engineName}`
    : scan
      ? `Weekly report · ${formatDate(scan.committedAt)}`
      : latest
        ? `Latest scan · ${formatDate(latest.date)}`
        : "No scans yet";
  const units = latest ? formatCount({ names: latest.names, members: latest.definitions }, latest.countUnit) : "";
  // Rendered once per picture (lib/share/og-cache.ts); ETag and 304 like the badge.
  const { image, cached } = await ogImageCache().image({
    title: project?.name ?? "Unknown project",
    subtitle,
    note: headline?.stale?.label ?? null,
    status,
    count: latest ? String(latest.counted) : "–",
    target: latest ? `/ ${target} ${latest.countUnit}` : `/ ${target} target`,
    unitLine: headline?.statusDetail ?? units,
    sparkline: headline?.sparkline ?? [],
  });
  return ogImageResponse(request, image, { ...sharedCacheHeaders(access.via, PUBLIC_CACHE), "x-content-type-options": "nosniff" }, cached);
});
