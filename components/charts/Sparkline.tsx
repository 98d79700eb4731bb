"use client";

import { Line, LineChart, YAxis } from "recharts";

/** A tiny fixed-size trend line: no axes, no tooltip, no animation. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  if (values.length < 2) return <span className="muted">–</span>;
  const data = values.map((value, index) => ({ index, value }));
  return (
    <figure aria-label={label} style={{ margin: 0, width: 120, height: 32 }} data-testid="sparkline">
      <LineChart width={120} height={32} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={["dataMin", "dataMax"]} />
        <Line dataKey="value" type="linear" stroke="var(--accent)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}
