"use client";

import { useRouter } from "next/navigation";
import { CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { Chart } from "@/components/charts/Chart";
import { LINE_STYLES, TIME_AXIS, countAxis } from "@/components/charts/series";
import { shapeUsagesChart, type UsagesPoint, type UsagesRow } from "@/components/charts/usages";
import type { Forecast } from "@/lib/analytics/forecast";
import { formatDate, shortSha } from "@/lib/format";
import { scanHref } from "@/lib/links";

export interface UsagesChartProps {
  slug: string;
  name: string;
  points: readonly UsagesPoint[];
  forecast: Forecast;
}

const USAGES_COLOR = "#c2410c";

/** Usages still on non-primary members over time, with their own forecast to 0: the burndown between count steps. */
export function UsagesChart({ slug, name, points, forecast }: UsagesChartProps) {
  const router = useRouter();
  const model = shapeUsagesChart(points, forecast);
  return (
    <div className="chart-frame usages-chart" data-testid="usages-chart" data-measured={model.measured}>
      <Chart label={`Usages still on non-primary members over time for ${name}`} height={240}>
        <ComposedChart data={model.rows} margin={{ top: 12, right: 24, bottom: 8, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis {...TIME_AXIS} domain={model.domain} allowDuplicatedCategory={false} minTickGap={24} />
          <YAxis {...countAxis(model.yMax)} />
          <Tooltip content={<UsagesTooltip />} />
          {model.projection.length > 0 ? (
            <Line
              data={model.projection}
              dataKey="forecast"
              name="Usages forecast"
              type="linear"
              stroke={USAGES_COLOR}
              strokeDasharray={LINE_STYLES.forecast.dash}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ) : null}
          <Line
            dataKey="usages"
            name="Usages on non-primary members"
            type="linear"
            stroke={USAGES_COLOR}
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
            dot={(props: { cx?: number; cy?: number; payload?: UsagesRow; index?: number }) => (
              <UsageDot key={`usage-${props.payload?.sha ?? props.index}`} {...props} onOpen={(sha) => router.push(scanHref(slug, sha))} />
            )}
          />
        </ComposedChart>
      </Chart>
    </div>
  );
}

function UsageDot({ cx, cy, payload: row, onOpen }: { cx?: number; cy?: number; payload?: UsagesRow; onOpen: (sha: string) => void }) {
  if (!row || row.usages === null || cx === undefined || cy === undefined) return <g />;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG circle cannot be an <a>; it carries the link role instead.
    <circle
      className="usage-dot"
      data-sha={row.sha}
      cx={cx}
      cy={cy}
      r={3}
      fill={USAGES_COLOR}
      style={{ cursor: "pointer" }}
      role="link"
      aria-label={`Open scan ${shortSha(row.sha)}`}
      onClick={() => onOpen(row.sha)}
      onKeyDown={(event) => {
        if (event.key === "Enter") onOpen(row.sha);
      }}
    >
      <title>{`${formatDate(row.time)} · ${row.usages} usages`}</title>
    </circle>
  );
}

function UsagesTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Partial<UsagesRow> }> }) {
  const row = payload?.find((entry) => entry.payload?.sha !== undefined)?.payload;
  if (!active || !row || row.time === undefined || row.sha === undefined) return null;
  return (
    <div className="chart-tooltip">
      <strong>{formatDate(row.time)}</strong> <span className="mono">{shortSha(row.sha)}</span>
      <div>{row.usages === null || row.usages === undefined ? "usages not measured" : `${row.usages} usages on non-primary members`}</div>
    </div>
  );
}
