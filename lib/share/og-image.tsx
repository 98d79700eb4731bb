import { ImageResponse } from "next/og";
import { STATUS_LABELS, type ProjectStatus } from "@/lib/analytics/status";
import { ogFonts, ogMeasureText } from "./og-fonts";
import { layoutOg, OG_HEIGHT, OG_WIDTH, type Box } from "./og-layout";

export const OG_STATUS_COLORS: Record<ProjectStatus, string> = {
  done: "#16a34a",
  "on-track": "#16a34a",
  "at-risk": "#d97706",
  late: "#dc2626",
  empty: "#64748b",
  "no-data": "#64748b",
};
export const OG_BACKGROUND = "#0f1217";
const MUTED = "#98a2b3";
const WARN = "#f59e0b";

export interface OgImageData {
  title: string;
  subtitle: string;
  /** "stale: last scan 15 days ago", shown in amber under the subtitle. */
  note: string | null;
  status: ProjectStatus;
  /** The big number ("24", or "–" before the first scan). */
  count: string;
  /** Beside it: "/ 8 target". */
  target: string;
  /** Under it: "24 names (35 definitions)", or why the project is empty. */
  unitLine: string;
  sparkline: number[];
}

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

/** Absolute placement: satori then never reflows one block into another. */
function at(box: Box) {
  return { position: "absolute", left: box.x, top: box.y, width: box.width, height: box.height, display: "flex" } as const;
}

/** The 1200×630 link-preview PNG, laid out by layoutOg (measured title, no overlapping blocks). */
/** Wrapped lines keyed by where each starts in the text they came from: stable, and unique even when two lines read the same. */
function keyedLines(lines: readonly string[]): { line: string; key: number }[] {
  let offset = 0;
  return lines.map((line) => {
    const key = offset;
    offset += line.length + 1;
    return { line, key };
  });
}

export async function renderOgImage(data: OgImageData, headers: Record<string, string> = {}): Promise<ImageResponse> {
  // An empty project has nothing to trend: its flat zero line would only look like progress.
  const path = data.status === "empty" ? "" : sparklinePath(data.sparkline, 1040, 150);
  const layout = layoutOg(
    { title: data.title, subtitle: data.subtitle, note: data.note, unitLine: data.unitLine, hasSparkline: path !== "" },
    await ogMeasureText(),
  );
  const color = OG_STATUS_COLORS[data.status];
  const { header, title, subtitle, note, count, unitLine, sparkline } = layout;
  return new ImageResponse(
    <div
      style={{
        width: OG_WIDTH,
        height: OG_HEIGHT,
        display: "flex",
        position: "relative",
        background: OG_BACKGROUND,
        color: "#e6e9ee",
        fontFamily: "DejaVu Sans",
      }}
    >
      <div style={{ ...at(header), justifyContent: "space-between", alignItems: "center" }}>
        <div style={{ display: "flex", fontSize: 28, color: MUTED }}>Converge</div>
        <div
          style={{
            display: "flex",
            fontSize: 30,
            fontWeight: 700,
            color,
            border: `3px solid ${color}`,
            borderRadius: 40,
            padding: "4px 24px",
          }}
        >
          {STATUS_LABELS[data.status]}
        </div>
      </div>
      <div style={{ ...at(title), flexDirection: "column" }}>
        {keyedLines(title.lines).map(({ line, key }) => (
          <div
            key={key}
            style={{
              display: "flex",
              height: title.lineHeight,
              fontSize: title.fontSize,
              lineHeight: `${title.lineHeight}px`,
              fontWeight: 700,
              whiteSpace: "nowrap",
            }}
          >
            {line}
          </div>
        ))}
      </div>
      <div style={{ ...at(subtitle), fontSize: subtitle.fontSize, color: MUTED, whiteSpace: "nowrap" }}>{subtitle.text}</div>
      {note ? (
        <div style={{ ...at(note), fontSize: note.fontSize, fontWeight: 700, color: WARN, whiteSpace: "nowrap" }}>{note.text}</div>
      ) : null}
      <div style={{ ...at(count), alignItems: "baseline" }}>
        <div style={{ display: "flex", fontSize: count.fontSize, fontWeight: 700, lineHeight: 1.1 }}>{data.count}</div>
        <div style={{ display: "flex", fontSize: 52, color: MUTED, marginLeft: 16 }}>{data.target}</div>
      </div>
      <div style={{ ...at(unitLine), flexDirection: "column", fontSize: unitLine.fontSize, color: data.status === "empty" ? WARN : MUTED }}>
        {keyedLines(unitLine.lines).map(({ line, key }) => (
          <div
            key={key}
            style={{ display: "flex", height: unitLine.lineHeight, lineHeight: `${unitLine.lineHeight}px`, whiteSpace: "nowrap" }}
          >
            {line}
          </div>
        ))}
      </div>
      {sparkline ? (
        <svg
          style={at(sparkline)}
          width={sparkline.width}
          height={sparkline.height}
          viewBox="0 0 1040 150"
          preserveAspectRatio="none"
          aria-hidden="true"
        >
          <path d={path} fill="none" stroke="#60a5fa" strokeWidth="6" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
      ) : null}
    </div>,
    { width: OG_WIDTH, height: OG_HEIGHT, fonts: await ogFonts(), headers },
  );
}
