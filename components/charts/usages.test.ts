import { describe, expect, test } from "vitest";
import { forecastEta } from "@/lib/analytics/forecast";
import { shapeUsagesChart } from "./usages";

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.parse("2026-10-01T00:00:00Z") + day * DAY).toISOString();

describe("usages chart model", () => {
  test("scans without usages are gaps (null), never 0; the forecast runs from the latest measured scan to 0", () => {
    const points = [
      { sha: "a", date: at(0), legacyUsages: null },
      { sha: "b", date: at(7), legacyUsages: 30 },
      { sha: "c", date: at(14), legacyUsages: 20 },
      { sha: "d", date: at(21), legacyUsages: 10 },
    ];
    const forecast = forecastEta(
      points.slice(1).map((point) => ({ time: Date.parse(point.date), value: point.legacyUsages ?? 0 })),
      0,
    );
    const model = shapeUsagesChart(points, forecast);
    expect(model.rows.map((row) => row.usages)).toEqual([null, 30, 20, 10]);
    expect(model.measured).toBe(3);
    expect(model.yMax).toBe(30);
    // 10 a week: 10 left at day 21 reach 0 at day 28.
    expect(model.projection).toEqual([
      { time: Date.parse(at(21)), forecast: 10 },
      { time: Date.parse(at(28)), forecast: 0 },
    ]);
    expect(model.domain).toEqual([Date.parse(at(0)), Date.parse(at(28))]);
  });

  test("no measured scan: no projection and nothing drawn above 0", () => {
    const points = [{ sha: "a", date: at(0) }];
    const model = shapeUsagesChart(points, forecastEta([], 0));
    expect(model.rows).toEqual([{ time: Date.parse(at(0)), sha: "a", usages: null }]);
    expect(model.measured).toBe(0);
    expect(model.projection).toEqual([]);
    expect(model.domain).toEqual([Date.parse(at(0)), Date.parse(at(1))]);
  });
});
