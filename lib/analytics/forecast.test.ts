import { describe, expect, test } from "vitest";
import { forecastEta, forecastValueAt } from "./forecast";

const DAY = 86_400_000;
const start = Date.parse("2026-10-01T00:00:00Z");

describe("forecastEta", () => {
  test("projects from the latest count at the least-squares pace", () => {
    // 20, 18, 17, 14 weekly: slope = -0.8571.../day·7 → -6/7 per week... computed by hand below.
    const values = [20, 18, 17, 14];
    const points = values.map((value, week) => ({ time: start + week * 7 * DAY, value }));
    // x in days: 0, 7, 14, 21 (mean 10.5); y mean 17.25; Sxy = (-10.5*2.75)+(-3.5*0.75)+(3.5*-0.25)+(10.5*-3.25) = -66.5; Sxx = 245
    const slope = -66.5 / 245;
    const forecast = forecastEta(points, 8);
    expect(forecast.state).toBe("forecast");
    expect(forecast.slopePerDay).toBeCloseTo(slope, 10);
    const expectedEta = start + 21 * DAY + ((8 - 14) / slope) * DAY;
    expect(Date.parse(forecast.eta ?? "")).toBe(Math.round(expectedEta));
    expect(forecastValueAt(forecast, start + 21 * DAY)).toBe(14);
  });

  test("says so when the count is flat or growing, already reached, or too short", () => {
    const flat = [10, 10, 11].map((value, week) => ({ time: start + week * 7 * DAY, value }));
    expect(forecastEta(flat, 8).state).toBe("no-trend");
    expect(forecastEta(flat, 12).state).toBe("reached");
    expect(forecastEta(flat.slice(0, 2), 8).state).toBe("not-enough-data");
    expect(forecastEta([], 8).state).toBe("not-enough-data");
  });

  test("uses only the scans of the window before the latest", () => {
    const old = { time: start - 200 * DAY, value: 100 };
    const recent = [20, 19, 18].map((value, week) => ({ time: start + week * 7 * DAY, value }));
    const forecast = forecastEta([old, ...recent], 10);
    expect(forecast.pointsUsed).toBe(3);
    expect(forecast.slopePerDay).toBeCloseTo(-1 / 7, 10);
  });
});
