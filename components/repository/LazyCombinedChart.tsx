"use client";

import dynamic from "next/dynamic";

/** recharts loads after the table is on screen, as on the project page. */
export const CombinedChart = dynamic(() => import("./CombinedChart").then((module) => module.CombinedChart), {
  ssr: false,
  loading: () => <output className="skeleton" style={{ display: "block", height: 340 }} aria-busy="true" aria-label="Loading chart" />,
});
