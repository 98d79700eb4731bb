"use client";

import { useRouter } from "next/navigation";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { Chart } from "@/components/charts/Chart";
import { ChartLegend } from "@/components/charts/ChartLegend";
import {
  formatAxisNumber,
  LINE_STYLES,
  shapeProgressChart,
  yAxisWidth,
  type AreaSeries,
  type ChartPoint,
  type ChartRow,
} from "@/components/charts/series";
import type { Forecast } from "@/lib/analytics/forecast";
import type { StackBy } from "@/lib/analytics/view-params";
import type { Plan } from "@/lib/contract/inventory";
import { formatDate, formatShortDate, shortSha } from "@/lib/format";
import { scanHref } from "@/lib/links";

export interface ProgressChartProps {
  slug: string;
  name: string;
  points: readonly ChartPoint[];
  plan: Plan | null;
  forecast: Forecast;
  stack: StackBy;
}

/** The count against its target over time; the data shaping lives in components/charts/series.ts. */
export function ProgressChart({ slug, name, points, plan, forecast, stack }: ProgressChartProps) {
  const router = useRouter();
  const model = shapeProgressChart({ points, plan, forecast, stack });
  const openScan = (sha: string) => {
    if (sha) router.push(scanHref(slug, sha));
  };
  const yMax = Math.max(
    0,
    ...model.rows.map((row) => Math.max(row.counted, row.target, row.support ?? 0)),
    ...model.targetRows.map((row) => row.target),
  );

  return (
    <Chart label={`Count toward target over time for ${name}`} height={380}>
      <ComposedChart data={model.rows} margin={{ top: 16, right: 24, bottom: 8, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={model.domain}
          tickFormatter={(value: number) => formatShortDate(value)}
          stroke="var(--muted)"
          allowDuplicatedCategory={false}
          minTickGap={24}
        />
        <YAxis
          allowDecimals={false}
          stroke="var(--muted)"
          width={yAxisWidth(yMax)}
          tickFormatter={(value: number) => formatAxisNumber(value)}
        />
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
      </ComposedChart>
    </Chart>
  );
}

function ScanDot({ cx, cy, payload: row, onOpen }: { cx?: number; cy?: number; payload?: ChartRow; onOpen: (sha: string) => void }) {
  if (!row || cx === undefined || cy === undefined) return <g />;
  return (
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
      onClick={() => onOpen(row.sha)}
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
