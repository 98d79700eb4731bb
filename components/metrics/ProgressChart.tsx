"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  XAxis,
  YAxis,
} from "recharts";
import { Chart } from "@/components/charts/Chart";
import { ChartLegend } from "@/components/charts/ChartLegend";
import {
  ANNOTATION_COLORS,
  annotationMarkers,
  type AnnotationMarker,
  type ChartAnnotation,
  LINE_STYLES,
  shapeProgressChart,
  type AreaSeries,
  type ChartPoint,
  type ChartRow,
  TIME_AXIS,
  countAxis,
} from "@/components/charts/series";
import { useAnnotationsQuery } from "@/components/hooks/queries/useAnnotationsQuery";
import type { Forecast } from "@/lib/analytics/forecast";
import type { StackBy } from "@/lib/analytics/view-params";
import type { Plan } from "@/lib/contract/inventory";
import { formatDate, shortSha } from "@/lib/format";
import { scanHref } from "@/lib/links";

export interface ProgressChartProps {
  slug: string;
  name: string;
  points: readonly ChartPoint[];
  plan: Plan | null;
  forecast: Forecast;
  stack: StackBy;
  /** Events to mark on the chart; without them the chart loads the project's own (GET …/annotations). */
  annotations?: readonly ChartAnnotation[];
}

/** The count against its target over time; the data shaping lives in components/charts/series.ts. */
export function ProgressChart({ slug, name, points, plan, forecast, stack, annotations }: ProgressChartProps) {
  const router = useRouter();
  const model = shapeProgressChart({ points, plan, forecast, stack });
  const loaded = useAnnotationsQuery(slug, {}, annotations === undefined).data;
  const markers = annotationMarkers(annotations ?? loaded ?? [], model.domain);
  const [hovered, setHovered] = useState<HoveredMarker | null>(null);
  const openScan = (sha: string) => {
    if (sha) router.push(scanHref(slug, sha));
  };
  const yMax = Math.max(
    0,
    ...model.rows.map((row) => Math.max(row.counted, row.target, row.support ?? 0)),
    ...model.targetRows.map((row) => row.target),
  );

  return (
    <div className="chart-frame" style={{ position: "relative" }}>
      <Chart label={`Count toward target over time for ${name}`} height={380}>
        <ComposedChart data={model.rows} margin={{ top: 16, right: 24, bottom: 8, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis {...TIME_AXIS} domain={model.domain} allowDuplicatedCategory={false} minTickGap={24} />
          <YAxis {...countAxis(yMax)} />
          <Tooltip content={<ScanTooltip areas={model.areas} />} />
          <Legend content={<ChartLegend items={model.legend} />} />
          {model.areas.map((area) => (
            <Area
              key={area.key}
              // recharts also reads this key on the target and forecast lines' own points, which have no stack.
              dataKey={(row: Partial<ChartRow>) => row.stack?.[area.key]}
              name={area.label}
              stackId="counted"
              type="linear"
              stroke={area.color}
              fill={area.color}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
          {model.dueMarkers.map((due) => (
            <ReferenceLine
              key={due.name}
              x={due.time}
              stroke="var(--muted)"
              strokeDasharray="2 4"
              label={{
                value: due.name,
                position: due.labelSide === "right" ? "insideTopLeft" : "insideTopRight",
                fill: "var(--muted)",
                fontSize: 11,
              }}
            />
          ))}
          {model.showSupport ? (
            <Line
              dataKey="support"
              name={LINE_STYLES.support.label}
              type="linear"
              stroke={LINE_STYLES.support.color}
              strokeWidth={1.5}
              strokeDasharray={LINE_STYLES.support.dash}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ) : null}
          <Line
            data={model.targetRows}
            dataKey="target"
            name={LINE_STYLES.target.label}
            type="stepAfter"
            stroke={LINE_STYLES.target.color}
            strokeWidth={2}
            strokeDasharray={LINE_STYLES.target.dash}
            dot={false}
            activeDot={false}
            isAnimationActive={false}
          />
          {model.projection.length > 0 ? (
            <Line
              data={model.projection}
              dataKey="forecast"
              name={LINE_STYLES.forecast.label}
              type="linear"
              stroke={LINE_STYLES.forecast.color}
              strokeDasharray={LINE_STYLES.forecast.dash}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ) : null}
          <Line
            dataKey="counted"
            name={LINE_STYLES.counted.label}
            type="linear"
            stroke={LINE_STYLES.counted.color}
            strokeWidth={2}
            isAnimationActive={false}
            activeDot={{ r: 6, onClick: (_event, payload) => openScan(String((payload as { payload?: ChartRow }).payload?.sha ?? "")) }}
            dot={(props: { cx?: number; cy?: number; payload?: ChartRow; index?: number }) => (
              <ScanDot key={`dot-${props.payload?.sha ?? props.index}`} {...props} onOpen={openScan} />
            )}
          />
          <AnnotationMarkers markers={markers} onHover={setHovered} />
        </ComposedChart>
      </Chart>
      {hovered ? <AnnotationTooltip hovered={hovered} /> : null}
    </div>
  );
}

interface HoveredMarker {
  marker: AnnotationMarker;
  x: number;
  y: number;
}

const KIND_LABELS: Record<ChartAnnotation["kind"], string> = {
  "phase-due": "Phase due",
  "plan-change": "Plan change",
  "pull-request": "Pull request",
  "members-changed": "Members changed",
  note: "Note",
};

function markerLabel(marker: AnnotationMarker): string {
  return `${formatDate(marker.time)}: ${marker.items.map((item) => item.text).join(" · ")}`;
}

/** A flag per event at the top of the plot, on the event's date; hovering (or focusing) one shows its text. */
function AnnotationMarkers({
  markers,
  onHover,
}: {
  markers: readonly AnnotationMarker[];
  onHover: (hovered: HoveredMarker | null) => void;
}) {
  const xScale = useXAxisScale();
  const plot = usePlotArea();
  if (!xScale || !plot) return null;
  return (
    <g className="annotation-markers">
      {markers.map((marker) => {
        const x = xScale(marker.time);
        if (x === undefined || Number.isNaN(x)) return null;
        const color = ANNOTATION_COLORS[marker.items[0]?.kind ?? "note"];
        const show = () => onHover({ marker, x, y: plot.y });
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a button; it is focusable and labelled instead.
          <g
            key={marker.key}
            className="annotation-marker"
            data-testid="annotation-marker"
            data-kinds={marker.items.map((item) => item.kind).join(" ")}
            role="button"
            tabIndex={0}
            aria-label={markerLabel(marker)}
            onMouseEnter={show}
            onFocus={show}
            onMouseLeave={() => onHover(null)}
            onBlur={() => onHover(null)}
            style={{ cursor: "help" }}
          >
            <line x1={x} x2={x} y1={plot.y} y2={plot.y + plot.height} stroke={color} strokeDasharray="1 3" strokeWidth={1} />
            <path d={`M${x},${plot.y - 6} l6,6 l-6,6 l-6,-6 z`} fill={color} stroke="var(--bg)" strokeWidth={1} />
            <title>{markerLabel(marker)}</title>
          </g>
        );
      })}
    </g>
  );
}

function AnnotationTooltip({ hovered }: { hovered: HoveredMarker }) {
  return (
    <div
      className="chart-tooltip annotation-tooltip"
      role="tooltip"
      data-testid="annotation-tooltip"
      style={{
        position: "absolute",
        left: hovered.x,
        top: hovered.y + 12,
        transform: "translateX(-50%)",
        maxWidth: 360,
        zIndex: 2,
        pointerEvents: "none",
        overflowWrap: "anywhere",
      }}
    >
      <strong>{formatDate(hovered.marker.time)}</strong>
      {hovered.marker.items.map((item) => (
        <div key={item.id}>
          <span className="muted">{KIND_LABELS[item.kind]}:</span> {item.text}
          {item.detail ? <div className="muted">{item.detail}</div> : null}
          {item.sha ? <div className="mono muted">{shortSha(item.sha)}</div> : null}
        </div>
      ))}
    </div>
  );
}

function ScanDot({ cx, cy, payload: row, onOpen }: { cx?: number; cy?: number; payload?: ChartRow; onOpen: (sha: string) => void }) {
  if (!row || cx === undefined || cy === undefined) return <g />;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG circle cannot be an <a>; it carries the link role instead.
    <circle
      className={row.complete ? "scan-dot" : "scan-dot scan-dot-incomplete"}
      data-sha={row.sha}
      cx={cx}
      cy={cy}
      r={row.complete ? 3.5 : 5}
      fill={row.complete ? "var(--fg)" : "var(--bg)"}
      stroke={row.complete ? "var(--fg)" : "var(--warn)"}
      strokeWidth={row.complete ? 1 : 2.5}
      style={{ cursor: "pointer" }}
      // A link to the scan for pointer users; keyboard users open scans from the members table and the scan list.
      role="link"
      aria-label={`Open scan ${shortSha(row.sha)}`}
      onClick={() => onOpen(row.sha)}
      onKeyDown={(event) => {
        if (event.key === "Enter") onOpen(row.sha);
      }}
    >
      <title>{`${formatDate(row.time)} · ${shortSha(row.sha)}${row.complete ? "" : " · incomplete scan"}`}</title>
    </circle>
  );
}

interface TooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: Partial<ChartRow> }>;
  areas: readonly AreaSeries[];
}

function ScanTooltip({ active, payload, areas }: TooltipProps) {
  const row = payload?.find((entry) => entry.payload?.sha !== undefined)?.payload;
  if (!active || !row || row.time === undefined || row.sha === undefined) return null;
  const definitions = `${row.members} definition${row.members === 1 ? "" : "s"}`;
  return (
    <div className="chart-tooltip">
      <div>
        <strong>{formatDate(row.time)}</strong> <span className="mono">{shortSha(row.sha)}</span>
        {row.complete === false ? <span className="status-warn"> · incomplete</span> : null}
      </div>
      <div>
        Count <strong>{row.counted}</strong> / target {row.target} ·{" "}
        {row.names != null ? `${row.names} names (${definitions})` : definitions}
      </div>
      <table>
        <tbody>
          {areas.map((area) => (
            <tr key={area.key}>
              <td>
                <span className="swatch" style={{ background: area.color }} /> {area.label}
              </td>
              <td className="num">{row.stack?.[area.key] ?? 0}</td>
            </tr>
          ))}
          {row.support != null ? (
            <tr>
              <td>
                <span className="swatch" style={{ background: LINE_STYLES.support.color }} /> {LINE_STYLES.support.label}
              </td>
              <td className="num">{row.support}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <div className="muted">Click to open this scan</div>
    </div>
  );
}
