import { ImageResponse } from "next/og";
import { STATUS_LABELS, type ProjectStatus } from "@/lib/analytics/status";
import { route } from "@/lib/api/handler";
import { sharedReadDenied } from "@/lib/auth/share";
import { getDb } from "@/lib/db/client";
import { formatDate } from "@/lib/format";
import { getEngineName, getProject, getProjectHeadline, resolveScanRef, ScanRefSchema } from "@/lib/queries";
import { ogFonts } from "@/lib/share/og-fonts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const WIDTH = 1200;
const HEIGHT = 630;
const STATUS_COLORS: Record<ProjectStatus, string> = {
  done: "#16a34a",
  "on-track": "#16a34a",
  "at-risk": "#d97706",
  late: "#dc2626",
  "no-data": "#64748b",
};

function sparklinePath(values: number[], width: number, height: number): string {
  if (values.length < 2) return "";
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  return values
    .map((value, index) => {
      const x = (index / (values.length - 1)) * width;
      const y = height - ((value - min) / span) * (height - 8) - 4;
      return `${index === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

/**
 * The link-preview image (1200×630 PNG): project, count / target, trend and status. It reads only
 * the database; nothing in the query string is ever fetched. `at` pins a report's numbers and
 * `title` is looked up, not echoed: an engine key is shown only if the engine exists.
 */
export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = new URL(request.url).searchParams;
  const db = getDb();
  const denied = await sharedReadDenied(db, request, slug);
  if (denied) return denied;
  const project = await getProject(db, slug);
  const at = search.get("at");
  const scan = project && at && ScanRefSchema.safeParse(at).success ? await resolveScanRef(db, project.id, at) : null;
  const headline = project ? await getProjectHeadline(db, project.id, scan ? { until: scan.committedAt } : {}) : null;
  const engineKey = search.get("engine");
  const engineName = project && engineKey ? await getEngineName(db, project.id, engineKey.slice(0, 2048)) : null;
  const latest = headline?.latest ?? null;
  const status: ProjectStatus = headline?.status ?? "no-data";
  const target = headline?.plan?.target ?? latest?.finalTarget ?? 0;
  const path = sparklinePath(headline?.sparkline ?? [], 1040, 150);
  const subtitle = engineName
    ? `Member ${engineName}`
    : scan
      ? `Weekly report · ${formatDate(scan.committedAt)}`
      : latest
        ? `Latest scan · ${formatDate(latest.date)}`
        : "No scans yet";

  return new ImageResponse(
    (
      <div style={{ width: WIDTH, height: HEIGHT, display: "flex", flexDirection: "column", padding: "56px 80px", background: "#0f1217", color: "#e6e9ee", fontFamily: "DejaVu Sans" }}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <div style={{ display: "flex", fontSize: 28, color: "#98a2b3" }}>Converge</div>
          <div style={{ display: "flex", fontSize: 30, fontWeight: 700, color: STATUS_COLORS[status], border: `3px solid ${STATUS_COLORS[status]}`, borderRadius: 40, padding: "6px 24px" }}>
            {STATUS_LABELS[status]}
          </div>
        </div>
        <div style={{ display: "flex", fontSize: 52, fontWeight: 700, marginTop: 28, lineHeight: 1.15 }}>{project?.name ?? "Unknown project"}</div>
        <div style={{ display: "flex", fontSize: 28, color: "#98a2b3", marginTop: 8 }}>{subtitle}</div>
        <div style={{ display: "flex", alignItems: "baseline", marginTop: 24 }}>
          <div style={{ display: "flex", fontSize: 120, fontWeight: 700 }}>{latest ? String(latest.counted) : "–"}</div>
          <div style={{ display: "flex", fontSize: 56, color: "#98a2b3", marginLeft: 16 }}>{`/ ${target} target`}</div>
        </div>
        {path ? (
          <svg width="1040" height="150" viewBox="0 0 1040 150" style={{ marginTop: 8 }}>
            <path d={path} fill="none" stroke="#60a5fa" strokeWidth="6" strokeLinejoin="round" strokeLinecap="round" />
          </svg>
        ) : null}
      </div>
    ),
    { width: WIDTH, height: HEIGHT, fonts: await ogFonts(), headers: { "cache-control": "public, max-age=300" } },
  );
});
