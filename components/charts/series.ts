import { forecastValueAt, type Forecast } from "@/lib/analytics/forecast";
import { dueTime, targetAt } from "@/lib/analytics/plan";
import type { StackBy } from "@/lib/analytics/view-params";
import type { Plan } from "@/lib/contract/inventory";
import { CLASSIFICATIONS, CLASSIFICATION_LABELS, UNPHASED, type Classification } from "@/lib/contract/vocabulary";
import { formatShortDate } from "@/lib/format";
import { CLASS_COLORS, phaseColor } from "./colors";

/**
 * The progress chart's data, shaped without React or recharts: which areas are stacked, in which order,
 * the rows they read, the target step line, the forecast segment, the due-date markers and the legend.
 * Pure, so every rule here is unit-tested (series.test.ts).
 */

/** One scan as the chart reads it: the timeline's point (the counted splits are absent on older read models). */
export interface ChartPoint {
  sha: string;
  date: string;
  counted: number;
  members: number;
  names?: number;
  target: number;
  complete: boolean;
  byClassification: Record<Classification, number>;
  byPhase: Record<string, number>;
  countedByClassification?: Record<Classification, number>;
  countedByPhase?: Record<string, number>;
}

export interface AreaSeries {
  key: string;
  label: string;
  color: string;
}

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  shape: "area" | "line";
  /** SVG stroke-dasharray of a line; null for a solid line. */
  dash: string | null;
}

export interface ChartRow {
  time: number;
  sha: string;
  counted: number;
  target: number;
  members: number;
  names: number | null;
  complete: boolean;
  /** Uncounted support definitions at this scan; null when the chart does not draw them. */
  support: number | null;
  /** Stacked values by AreaSeries.key. */
  stack: Record<string, number>;
}

export interface ProgressChartModel {
  areas: AreaSeries[];
  rows: ChartRow[];
  /** Whether uncounted support members are drawn, as a dashed line of their own. */
  showSupport: boolean;
  targetRows: Array<{ time: number; target: number }>;
  projection: Array<{ time: number; forecast: number }>;
  /** Due dates inside the chart; the label sits on the side of the line with more room (the chart's middle). */
  dueMarkers: Array<{ name: string; time: number; labelSide: "left" | "right" }>;
  domain: [number, number];
  legend: LegendItem[];
}

export interface ProgressChartInput {
  points: readonly ChartPoint[];
  plan: Plan | null;
  forecast: Forecast;
  stack: StackBy;
}

export const MAX_FORECAST_DAYS = 730;
const DAY_MS = 86_400_000;

export const LINE_STYLES = {
  counted: { label: "Count toward target", color: "var(--fg)", dash: null },
  target: { label: "Target", color: "var(--target)", dash: "6 4" },
  forecast: { label: "Forecast", color: "var(--accent)", dash: "3 3" },
  support: { label: "Support (not counted)", color: CLASS_COLORS.support, dash: "4 3" },
} as const;

/** The counted split of a point: stored per scan by newer servers; derived for older rows (support left out unless counted). */
function countedByClass(point: ChartPoint, countSupport: boolean): Record<Classification, number> {
  if (point.countedByClassification) return point.countedByClassification;
  return { ...point.byClassification, support: countSupport ? point.byClassification.support : 0 };
}

function countedByPhase(point: ChartPoint): Record<string, number> {
  return point.countedByPhase ?? point.byPhase;
}

/** Phases in the plan's order, then phases the plan no longer names (sorted), then "unphased" last. */
export function phaseOrder(points: readonly ChartPoint[], plan: Plan | null): string[] {
  const planned = plan?.phases.map((phase) => phase.name) ?? [];
  const seen = new Set(
    points.flatMap((point) =>
      Object.entries(countedByPhase(point))
        .filter(([, n]) => n > 0)
        .map(([phase]) => phase),
    ),
  );
  const extra = [...seen].filter((phase) => !planned.includes(phase) && phase !== UNPHASED).sort();
  return [...planned.filter((phase) => seen.has(phase)), ...extra, ...(seen.has(UNPHASED) ? [UNPHASED] : [])];
}

/** The stacked areas: counted members only, so the stack's top is the count line. */
function areaSeries(input: ProgressChartInput): Array<AreaSeries & { value: (point: ChartPoint) => number }> {
  const countSupport = input.plan?.countSupport ?? false;
  if (input.stack === "classification") {
    return CLASSIFICATIONS.filter((c) => input.points.some((point) => countedByClass(point, countSupport)[c] > 0)).map((c) => ({
      key: `class:${c}`,
      label: CLASSIFICATION_LABELS[c],
      color: CLASS_COLORS[c],
      value: (point: ChartPoint) => countedByClass(point, countSupport)[c],
    }));
  }
  const planPhases = input.plan?.phases.map((phase) => phase.name) ?? [];
  return phaseOrder(input.points, input.plan).map((phase) => ({
    key: `phase:${phase}`,
    label: phase === UNPHASED ? "Unphased" : phase,
    color: phaseColor(phase, planPhases),
    value: (point: ChartPoint) => (Object.hasOwn(countedByPhase(point), phase) ? (countedByPhase(point)[phase] ?? 0) : 0),
  }));
}

/** Support members that do not count: drawn as their own dashed line, never inside the stack. */
function uncountedSupport(point: ChartPoint, countSupport: boolean): number {
  return countSupport ? 0 : point.byClassification.support;
}

function projectionOf(forecast: Forecast, last: ChartRow | undefined, target: number, horizon: number): ProgressChartModel["projection"] {
  const eta = forecast.state === "forecast" && forecast.eta ? Date.parse(forecast.eta) : null;
  if (!last || eta === null || eta > horizon || eta < last.time) return [];
  const start = Math.round((forecastValueAt(forecast, last.time) ?? last.counted) * 10) / 10;
  return [
    { time: last.time, forecast: start },
    { time: eta, forecast: target },
  ];
}

/**
 * The target in force as a step line: the stored step target at each scan, a step just after each due
 * date, and the target at the chart's right edge, so the line reaches the forecast and future phases.
 */
function targetRowsOf(
  plan: Plan | null,
  rows: readonly ChartRow[],
  dues: ReadonlyArray<{ time: number }>,
  end: number,
): ProgressChartModel["targetRows"] {
  const first = rows[0];
  if (!plan || !first) return [];
  const lastTime = rows.at(-1)?.time ?? first.time;
  const steps = dues
    .filter((due) => due.time + 1 > lastTime || due.time >= first.time)
    .filter((due) => due.time + 1 <= end)
    .map((due) => ({ time: due.time + 1, target: targetAt(plan, due.time + 1) }));
  return [...rows.map((row) => ({ time: row.time, target: row.target })), ...steps, { time: end, target: targetAt(plan, end) }].sort(
    (a, b) => a.time - b.time,
  );
}

function legendOf(areas: readonly AreaSeries[], hasProjection: boolean, showSupport: boolean, hasTarget: boolean): LegendItem[] {
  const line = (key: keyof typeof LINE_STYLES): LegendItem => ({ key, shape: "line", ...LINE_STYLES[key] });
  return [
    ...areas.map((area) => ({ key: area.key, label: area.label, color: area.color, shape: "area" as const, dash: null })),
    line("counted"),
    ...(hasTarget ? [line("target")] : []),
    ...(hasProjection ? [line("forecast")] : []),
    ...(showSupport ? [line("support")] : []),
  ];
}

export function shapeProgressChart(input: ProgressChartInput): ProgressChartModel {
  const { points, plan, forecast } = input;
  const countSupport = plan?.countSupport ?? false;
  const series = areaSeries(input);
  const showSupport = points.some((point) => uncountedSupport(point, countSupport) > 0);
  const rows: ChartRow[] = points.map((point) => ({
    time: Date.parse(point.date),
    sha: point.sha,
    counted: point.counted,
    target: point.target,
    members: point.members,
    names: point.names ?? null,
    complete: point.complete,
    support: showSupport ? uncountedSupport(point, countSupport) : null,
    stack: Object.fromEntries(series.map((s) => [s.key, s.value(point)])),
  }));
  const first = rows[0];
  const last = rows.at(-1);
  const horizon = last ? last.time + MAX_FORECAST_DAYS * DAY_MS : 0;
  const projection = projectionOf(forecast, last, plan?.target ?? 0, horizon);
  const dues = (plan?.phases ?? []).map((phase) => ({ name: phase.name, time: dueTime(phase.due) }));
  const start = first?.time ?? 0;
  const end = Math.max(last?.time ?? 0, projection.at(-1)?.time ?? 0, ...dues.map((due) => due.time).filter((t) => t <= horizon));
  const targetRows = targetRowsOf(plan, rows, dues, end);
  return {
    areas: series.map(({ key, label, color }) => ({ key, label, color })),
    rows,
    showSupport,
    targetRows,
    projection,
    dueMarkers: first
      ? dues
          .filter((due) => due.time >= start && due.time <= end)
          .map((due) => ({ ...due, labelSide: due.time - start < (end - start) / 2 ? ("right" as const) : ("left" as const) }))
      : [],
    domain: [start, end],
    legend: legendOf(series, projection.length > 0, showSupport, targetRows.length > 0),
  };
}

const AXIS_NUMBER = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** "1,200": grouped, so a four-digit tick is not read (or clipped) as ".200". */
export function formatAxisNumber(value: number): string {
  return AXIS_NUMBER.format(value);
}

/**
 * A Y axis wide enough for its longest tick label (about 7.5 px per character at the axis' 12 px,
 * plus the tick line), so labels are never clipped at the chart's left edge.
 */
export function yAxisWidth(maxValue: number, minWidth = 32): number {
  const longest = formatAxisNumber(Math.max(0, Math.ceil(maxValue * 1.25))).length;
  return Math.max(minWidth, Math.ceil(longest * 7.5) + 14);
}

/** The time (X) axis every timeline chart shares: scan times as numbers, short dates as ticks. Spread on `<XAxis>`. */
export const TIME_AXIS = {
  dataKey: "time",
  type: "number",
  scale: "time",
  tickFormatter: (value: number) => formatShortDate(value),
  stroke: "var(--muted)",
} as const;

/** The count (Y) axis every timeline chart shares, wide enough for `maxValue`'s label. Spread on `<YAxis>`. */
export function countAxis(maxValue: number) {
  return {
    allowDecimals: false,
    stroke: "var(--muted)",
    width: yAxisWidth(maxValue),
    tickFormatter: (value: number) => formatAxisNumber(value),
  } as const;
}

/** The annotation fields the chart reads (TimelineAnnotation from lib/contract/annotations). */
export interface ChartAnnotation {
  id: string;
  kind: "phase-due" | "plan-change" | "pull-request" | "members-changed" | "note";
  date: string;
  text: string;
  detail: string | null;
  url: string | null;
  sha: string | null;
}

export interface AnnotationMarker {
  key: string;
  time: number;
  /** Every annotation at this moment, oldest kind first; the first decides the marker's colour. */
  items: ChartAnnotation[];
}

export const ANNOTATION_COLORS: Record<ChartAnnotation["kind"], string> = {
  "phase-due": "var(--muted)",
  "plan-change": "var(--target)",
  "pull-request": "var(--accent)",
  "members-changed": "var(--warn)",
  note: "var(--fg)",
};

/**
 * One marker per moment inside the chart's time domain. Phase due dates are left out: the chart
 * already draws them as labelled lines.
 */
export function annotationMarkers(annotations: readonly ChartAnnotation[], domain: readonly [number, number]): AnnotationMarker[] {
  const byTime = new Map<number, ChartAnnotation[]>();
  for (const annotation of annotations) {
    const time = Date.parse(annotation.date);
    if (annotation.kind === "phase-due" || Number.isNaN(time) || time < domain[0] || time > domain[1]) continue;
    byTime.set(time, [...(byTime.get(time) ?? []), annotation]);
  }
  return [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, items]) => ({ key: items.map((item) => item.id).join("|"), time, items }));
}
