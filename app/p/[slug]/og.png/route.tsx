import type { ProjectStatus } from "@/lib/analytics/status";
import { route } from "@/lib/api/handler";
import { formatCount } from "@/lib/contract/vocabulary";
import { formatDate } from "@/lib/format";
import { loadEngineName, loadOgImage, loadProject, sharedRouteDenied } from "@/lib/loaders";
import { renderOgImage } from "@/lib/share/og-image";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The link-preview image (1200×630 PNG): project, count / target in the plan's unit with both units
 * below, trend and status. It reads only the database; nothing in the query string is ever fetched.
 * `at` pins a report's numbers and `engine` is looked up, not echoed: shown only if it exists.
 */
export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = new URL(request.url).searchParams;
  const denied = await sharedRouteDenied(request, slug);
  if (denied) return denied;
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
  return renderOgImage(
    {
      title: project?.name ?? "Unknown project",
      subtitle,
      note: headline?.stale?.label ?? null,
      status,
      count: latest ? String(latest.counted) : "–",
      target: latest ? `/ ${target} ${latest.countUnit}` : `/ ${target} target`,
      unitLine: headline?.statusDetail ?? units,
      sparkline: headline?.sparkline ?? [],
    },
    { "cache-control": "public, max-age=300" },
  );
});
