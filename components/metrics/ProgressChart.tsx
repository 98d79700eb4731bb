"use client";

import { useRouter } from "next/navigation";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { Chart } from "@/components/charts/Chart";
import { CLASS_COLORS, phaseColor } from "@/components/charts/colors";
import { forecastValueAt, type Forecast } from "@/lib/analytics/forecast";
import { dueTime, targetAt } from "@/lib/analytics/plan";
import type { StackBy } from "@/lib/analytics/view-params";
import type { Plan } from "@/lib/contract/inventory";
import { CLASSIFICATIONS, CLASSIFICATION_LABELS, UNPHASED } from "@/lib/contract/vocabulary";
import { formatDate, formatShortDate, shortSha } from "@/lib/format";
import type { TimelinePoint } from "@/lib/queries/types";

interface Row {
  time: number;
  sha: string;
  counted: number;
  target: number;
  members: number;
  complete: boolean;
  [series: string]: number | string | boolean;
}

export interface ProgressChartProps {
  slug: string;
  name: string;
  points: TimelinePoint[];
  plan: Plan | null;
  forecast: Forecast;
  stack: StackBy;
}

const MAX_FORECAST_DAYS = 730;

function phaseSeries(points: TimelinePoint[], plan: Plan | null): string[] {
  const planned = plan?.phases.map((phase) => phase.name) ?? [];
  const seen = new Set(points.flatMap((point) => Object.keys(point.byPhase)));
  const extra = [...seen].filter((phase) => !planned.includes(phase) && phase !== UNPHASED).sort();
  return [...planned.filter((phase) => seen.has(phase)), ...extra, ...(seen.has(UNPHASED) ? [UNPHASED] : [])];
}

export function ProgressChart({ slug, name, points, plan, forecast, stack }: ProgressChartProps) {
  const router = useRouter();
  const series =
    stack === "classification"
      ? CLASSIFICATIONS.filter((c) => points.some((point) => point.byClassification[c] > 0)).map((c) => ({
          key: `class:${c}`,
          label: CLASSIFICATION_LABELS[c],
          color: CLASS_COLORS[c],
          value: (point: TimelinePoint) => point.byClassification[c],
        }))
      : phaseSeries(points, plan).map((phase) => ({
          key: `phase:${phase}`,
          label: phase === UNPHASED ? "Unphased" : phase,
          color: phaseColor(phase, plan?.phases.map((p) => p.name) ?? []),
          value: (point: TimelinePoint) => point.byPhase[phase] ?? 0,
        }));

  const rows: Row[] = points.map((point) => {
    const row: Row = {
      time: Date.parse(point.date),
      sha: point.sha,
      counted: point.counted,
      target: point.target,
      members: point.members,
      complete: point.complete,
    };
    for (const s of series) row[s.key] = s.value(point);
    return row;
  });

  const first = rows[0];
  const last = rows.at(-1);
  const etaTime = forecast.state === "forecast" && forecast.eta ? Date.parse(forecast.eta) : null;
  const horizon = last ? last.time + MAX_FORECAST_DAYS * 86_400_000 : 0;
  const projection =
    last && etaTime !== null && etaTime <= horizon
      ? [
          { time: last.time, forecast: Math.round((forecastValueAt(forecast, last.time) ?? last.counted) * 10) / 10 },
          { time: etaTime, forecast: plan?.target ?? 0 },
        ]
      : [];
  const dues = (plan?.phases ?? []).map((phase) => ({ name: phase.name, time: dueTime(phase.due) }));
  const end = Math.max(last?.time ?? 0, projection.at(-1)?.time ?? 0, ...dues.map((due) => due.time).filter((t) => t <= horizon));
  const targetRows =
    plan && first
      ? [
          ...rows.map((row) => ({ time: row.time, target: row.target })),
          ...dues
            .filter((due) => due.time + 1 > (last?.time ?? 0) || due.time >= first.time)
            .map((due) => ({ time: due.time + 1, target: targetAt(plan, due.time + 1) })),
          { time: end, target: targetAt(plan, end) },
        ].sort((a, b) => a.time - b.time)
      : [];
  const dueMarkers = dues.filter((due) => first && due.time >= first.time && due.time <= end);

  const openScan = (sha: string) => router.push(`/p/${encodeURIComponent(slug)}/scans/${sha}`);

  return (
    <Chart label={`Count toward target over time for ${name}`} height={360}>
      <ComposedChart data={rows} margin={{ top: 16, right: 24, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={[first?.time ?? 0, end]}
          tickFormatter={(value: number) => formatShortDate(value)}
          stroke="var(--muted)"
          allowDuplicatedCategory={false}
        />
        <YAxis allowDecimals={false} stroke="var(--muted)" width={40} />
        <Tooltip content={<ScanTooltip series={series} />} />
        <Legend />
        {series.map((s) => (
          <Area
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stackId="members"
            type="linear"
            stroke={s.color}
            fill={s.color}
            fillOpacity={0.35}
            isAnimationActive={false}
          />
        ))}
        {dueMarkers.map((due) => (
          <ReferenceLine
            key={due.name}
            x={due.time}
            stroke="var(--muted)"
            strokeDasharray="2 4"
            label={{ value: due.name, position: "insideTopRight", fill: "var(--muted)", fontSize: 11 }}
          />
        ))}
        <Line
          data={targetRows}
          dataKey="target"
          name="Target"
          type="stepAfter"
          stroke="var(--target)"
          strokeWidth={2}
          strokeDasharray="6 4"
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
        {projection.length > 0 ? (
          <Line
            data={projection}
            dataKey="forecast"
            name="Forecast"
            type="linear"
            stroke="var(--accent)"
            strokeDasharray="3 3"
            dot={false}
            activeDot={false}
            isAnimationActive={false}
          />
        ) : null}
        <Line
          dataKey="counted"
          name="Count toward target"
          type="linear"
          stroke="var(--fg)"
          strokeWidth={2}
          isAnimationActive={false}
          activeDot={{ r: 6, onClick: (_event, payload) => openScan(String((payload as { payload?: Row }).payload?.sha ?? "")) }}
          dot={(props: { cx?: number; cy?: number; payload?: Row; index?: number }) => {
            const row = props.payload;
            if (!row || props.cx === undefined || props.cy === undefined) return <g key={`dot-${props.index}`} />;
            return (
              <circle
                key={`dot-${row.sha}`}
                className={row.complete ? "scan-dot" : "scan-dot scan-dot-incomplete"}
                data-sha={row.sha}
                cx={props.cx}
                cy={props.cy}
                r={row.complete ? 3.5 : 5}
                fill={row.complete ? "var(--fg)" : "var(--bg)"}
                stroke={row.complete ? "var(--fg)" : "var(--warn)"}
                strokeWidth={row.complete ? 1 : 2.5}
                style={{ cursor: "pointer" }}
                onClick={() => openScan(row.sha)}
              >
                <title>{`${formatDate(row.time)} · ${shortSha(row.sha)}${row.complete ? "" : " · incomplete scan"}`}</title>
              </circle>
            );
          }}
        />
      </ComposedChart>
    </Chart>
  );
}

interface TooltipProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: Partial<Row> }>;
  series: Array<{ key: string; label: string; color: string }>;
}

function ScanTooltip({ active, payload, series }: TooltipProps) {
  const row = payload?.find((entry) => entry.payload?.sha !== undefined)?.payload;
  if (!active || !row || row.time === undefined || row.sha === undefined) return null;
  return (
    <div className="chart-tooltip">
      <div>
        <strong>{formatDate(row.time)}</strong> <span className="mono">{shortSha(row.sha)}</span>
        {row.complete === false ? <span className="status-warn"> · incomplete</span> : null}
      </div>
      <div>
        Count <strong>{row.counted}</strong> / target {row.target} · {row.members} members
      </div>
      <table>
        <tbody>
          {series.map((s) => (
            <tr key={s.key}>
              <td>
                <span className="swatch" style={{ background: s.color }} /> {s.label}
              </td>
              <td className="num">{String(row[s.key] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="muted">Click to open this scan</div>
    </div>
  );
}
