"use client";

import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";

export interface ChartProps {
  /** Accessible name of the chart, read by screen readers. */
  label: string;
  height?: number;
  children: ReactElement;
}

/** The one chart frame: a sized, labelled figure around a recharts chart. */
export function Chart({ label, height = 340, children }: ChartProps) {
  return (
    <figure className="chart" aria-label={label} style={{ height, margin: 0 }}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
