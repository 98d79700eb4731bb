"use client";

import { useState } from "react";
import { downloadSvgAsPng } from "./exportPng";

/** Exports the first chart inside the element with `targetId` as a PNG file. */
export function ChartPngButton({ targetId, filename }: { targetId: string; filename: string }) {
  const [error, setError] = useState<string | null>(null);
  const onClick = async () => {
    const svg = document.getElementById(targetId)?.querySelector<SVGSVGElement>(".recharts-wrapper > svg");
    if (!svg) return setError("no chart to export");
    try {
      setError(null);
      await downloadSvgAsPng(svg, filename);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "export failed");
    }
  };
  return (
    <>
      <button type="button" className="link-button" onClick={onClick}>
        Chart PNG
      </button>
      {error ? <span className="status-bad">{error}</span> : null}
    </>
  );
}
