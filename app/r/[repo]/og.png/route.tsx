import { route } from "@/lib/api/handler";
import { sharedCacheHeaders } from "@/lib/auth/share";
import { formatDate } from "@/lib/format";
import { loadRepository, loadRepositoryHeadline, loadRepositoryReport, repositorySharedAccess } from "@/lib/loaders/repositories";
import { ogImageCache, ogImageResponse } from "@/lib/share/og-cache";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Browsers may keep a preview 5 minutes; only the read token letting the request in makes it `private, no-store`. */
const PUBLIC_CACHE = "public, max-age=300";

/**
 * The repository's link-preview image (1200×630 PNG), drawn and cached like a project's: its name, the
 * summary ("4 consolidations · 2 on track"), the total against the sum of targets and the combined trend.
 * `at` pins a report's moment (resolved, never echoed); nothing in the query string is fetched.
 */
export const GET = route<{ repo: string }>(async (request, { repo }) => {
  const access = await repositorySharedAccess(request, repo);
  if (!access.ok) return access.response;
  const repository = await loadRepository(repo);
  const at = new URL(request.url).searchParams.get("at");
  const report = repository && at ? await loadRepositoryReport(repo, at.slice(0, 64), undefined) : null;
  const headline = repository ? await loadRepositoryHeadline(repository, report ? new Date(report.at.date) : undefined) : null;
  const summary = headline?.summary ?? null;
  const subtitle = !summary
    ? "Unknown repository"
    : report
      ? `Weekly report · ${formatDate(report.at.date)} · ${summary.headline}`
      : headline?.latestDate
        ? `${summary.headline} · ${formatDate(headline.latestDate)}`
        : "No scans yet";
  const { image, cached } = await ogImageCache().image({
    title: repository?.name ?? "Unknown repository",
    subtitle,
    note: summary && summary.statuses.stale > 0 ? `${summary.statuses.stale} stale` : null,
    status: summary?.status ?? "no-data",
    count: summary && headline?.latestDate ? String(summary.counted) : "–",
    target: `/ ${summary?.target ?? 0} target`,
    unitLine: summary?.detail ?? "",
    sparkline: headline?.sparkline ?? [],
  });
  return ogImageResponse(request, image, { ...sharedCacheHeaders(access.via, PUBLIC_CACHE), "x-content-type-options": "nosniff" }, cached);
});
