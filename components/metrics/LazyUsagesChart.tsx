"use client";

import dynamic from "next/dynamic";

/** recharts loads after the numbers and tables are on screen, as for the progress chart. */
export const UsagesChart = dynamic(() => import("./UsagesChart").then((module) => module.UsagesChart), {
  ssr: false,
  loading: () => <output className="skeleton" style={{ display: "block", height: 240 }} aria-busy="true" aria-label="Loading chart" />,
});
