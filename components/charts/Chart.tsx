"use client";

import { useEffect, useRef, useState, type ReactElement } from "react";
import { ResponsiveContainer } from "recharts";

export interface ChartProps {
  /** Accessible name of the chart, read by screen readers. */
  label: string;
  height?: number;
  children: ReactElement;
}

/**
 * The one chart frame: a sized, labelled figure around a recharts chart. It sets `data-ready="true"`
 * once the chart's SVG and axes are drawn (ResponsiveContainer draws nothing until it has measured its box), so
 * tests and exports wait on the chart itself rather than on a guessed delay.
 */
export function Chart({ label, height = 340, children }: ChartProps) {
  const figure = useRef<HTMLElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const element = figure.current;
    if (!element) return;
    // Drawn means the surface is there and its axes have their tick labels (recharts lays them out a render later).
    const check = () => {
      if (element.querySelector(".recharts-wrapper > svg.recharts-surface .recharts-cartesian-axis-tick-value")) setReady(true);
    };
    check();
    const observer = new MutationObserver(check);
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <figure ref={figure} className="chart" aria-label={label} style={{ height, margin: 0 }} data-ready={ready ? "true" : "false"}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
