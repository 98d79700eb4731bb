"use client";

import dynamic from "next/dynamic";

/** recharts is most of the page's JavaScript: it loads after the numbers and tables are on screen. */
export const ProgressChart = dynamic(() => import("./ProgressChart").then((module) => module.ProgressChart), {
  ssr: false,
  loading: () => <output className="skeleton" style={{ display: "block", height: 360 }} aria-busy="true" aria-label="Loading chart" />,
});
