"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { Chart } from "@/components/charts/Chart";
import { formatDate, formatShortDate, shortSha } from "@/lib/format";
import type { TimelinePoint } from "@/lib/queries/types";

interface ChartRow {
  time: number;
  counted: number;
  target: number;
  sha: string;
  complete: boolean;
}

export function CountTargetChart({ points, label }: { points: TimelinePoint[]; label: string }) {
  const rows: ChartRow[] = points.map((point) => ({
    time: Date.parse(point.date),
    counted: point.counted,
    target: point.target,
    sha: point.sha,
    complete: point.complete,
  }));
  return (
    <Chart label={label}>
      <LineChart data={rows} margin={{ top: 12, right: 24, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={["dataMin", "dataMax"]}
          tickFormatter={(value: number) => formatShortDate(value)}
          stroke="var(--muted)"
        />
        <YAxis allowDecimals={false} stroke="var(--muted)" width={40} />
        <Tooltip
          labelFormatter={(value, payload) => {
            const row = payload?.[0]?.payload as ChartRow | undefined;
            return row ? `${formatDate(row.time)} · ${shortSha(row.sha)}${row.complete ? "" : " · incomplete"}` : "";
          }}
          contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
        />
        <Legend />
        <Line
          name="Count toward target"
          dataKey="counted"
          type="linear"
          stroke="var(--accent)"
          strokeWidth={2}
          isAnimationActive={false}
        />
        <Line
          name="Target"
          dataKey="target"
          type="stepAfter"
          stroke="var(--target)"
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </Chart>
  );
}
