"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { Chart } from "@/components/charts/Chart";
import { ChartLegend } from "@/components/charts/ChartLegend";
import { LINE_STYLES, type LegendItem, TIME_AXIS, countAxis } from "@/components/charts/series";
import type { CombinedPoint } from "@/lib/contract/repository";
import { formatShortDate } from "@/lib/format";
import { familyColor } from "./families";

export interface CombinedChartProps {
  name: string;
  points: readonly CombinedPoint[];
  /** The families in the overview's order (their colours follow it). */
  families: ReadonlyArray<{ family: string; name: string }>;
  stack: "total" | "family";
}

type Row = { time: number; total: number; target: number; byFamily: Record<string, number> };

/** The sum over families, one point a week, against the sum of their targets in force; stacked by family on request. */
export function CombinedChart({ name, points, families, stack }: CombinedChartProps) {
  const rows: Row[] = points.map((point) => ({
    time: Date.parse(point.date),
    total: point.total,
    target: point.target,
    byFamily: point.byFamily,
  }));
  const yMax = Math.max(0, ...rows.map((row) => Math.max(row.total, row.target)));
  const legend: LegendItem[] = [
    ...(stack === "family"
      ? families.map((family, index) => ({
          key: family.family,
          label: family.name,
          color: familyColor(index),
          shape: "area" as const,
          dash: null,
        }))
      : [{ key: "total", label: "Sum over families", color: "var(--accent)", shape: "area" as const, dash: null }]),
    { key: "target", label: "Sum of targets", color: LINE_STYLES.target.color, shape: "line", dash: LINE_STYLES.target.dash },
  ];
  return (
    <Chart label={`Combined count over time for ${name}`} height={340}>
      <ComposedChart data={rows} margin={{ top: 16, right: 24, bottom: 8, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis {...TIME_AXIS} domain={["dataMin", "dataMax"]} minTickGap={24} />
        <YAxis {...countAxis(yMax)} />
        <Tooltip labelFormatter={(value) => formatShortDate(Number(value))} />
        <Legend content={<ChartLegend items={legend} />} />
        {stack === "family" ? (
          families.map((family, index) => (
            <Area
              key={family.family}
              dataKey={(row: Row) => row.byFamily[family.family] ?? 0}
              name={family.name}
              stackId="families"
              type="linear"
              stroke={familyColor(index)}
              fill={familyColor(index)}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))
        ) : (
          <Area
            dataKey="total"
            name="Sum over families"
            type="linear"
            stroke="var(--accent)"
            fill="var(--accent)"
            fillOpacity={0.25}
            isAnimationActive={false}
          />
        )}
        <Line
          dataKey="target"
          name="Sum of targets"
          type="stepAfter"
          stroke={LINE_STYLES.target.color}
          strokeWidth={2}
          strokeDasharray={LINE_STYLES.target.dash}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </Chart>
  );
}
