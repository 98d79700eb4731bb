import { describe, expect, test } from "vitest";
import { forecastEta } from "@/lib/analytics/forecast";
import type { Plan } from "@/lib/contract/inventory";
import { CLASSIFICATIONS, type Classification } from "@/lib/contract/vocabulary";
import { annotationMarkers, formatAxisNumber, shapeProgressChart, yAxisWidth, type ChartPoint } from "./series";

const DAY = 86_400_000;
const T0 = Date.parse("2026-09-01T10:00:00Z");

const zero = (): Record<Classification, number> => Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;

function point(
  day: number,
  counted: Partial<Record<Classification, number>>,
  support: number,
  extra: Partial<ChartPoint> = {},
): ChartPoint {
  const countedByClassification = { ...zero(), ...counted };
  const countedTotal = Object.values(countedByClassification).reduce((sum, n) => sum + n, 0);
  // Two extra core definitions of names already counted: definitions exceed names.
  const byClassification = { ...countedByClassification, core: countedByClassification.core + 2, support };
  return {
    sha: `sha${day}`,
    date: new Date(T0 + day * DAY).toISOString(),
    counted: countedTotal,
    members: countedTotal + 2 + support,
    target: 10,
    complete: true,
    byClassification,
    byPhase: { unphased: countedTotal + 2 + support },
    countedByClassification,
    countedByPhase: { unphased: countedTotal },
    ...extra,
  };
}

const plan: Plan = {
  pattern: "ExecutionEngine",
  primary: "UserExecutionEngine",
  target: 8,
  countSupport: false,
  count: "names",
  phases: [
    { name: "Interface standardization", due: "2026-09-10", target: 20 },
    { name: "Logic consolidation", due: "2026-12-15", target: 10 },
  ],
};

const points = [
  point(0, { primary: 1, core: 12, adapter: 5, legacy: 3 }, 5),
  point(7, { primary: 1, core: 10, adapter: 5, legacy: 3 }, 5),
  point(14, { primary: 1, core: 9, adapter: 4, legacy: 2 }, 4),
  point(21, { primary: 1, core: 7, adapter: 4, legacy: 2 }, 4),
];
const forecast = forecastEta(
  points.map((p) => ({ time: Date.parse(p.date), value: p.counted })),
  plan.target,
);

describe("shapeProgressChart", () => {
  test("stacks counted members only: each row's stack sums to the count line", () => {
    const model = shapeProgressChart({ points, plan, forecast, stack: "classification" });
    expect(model.areas.map((area) => area.key)).toEqual(["class:primary", "class:core", "class:adapter", "class:legacy"]);
    for (const [index, row] of model.rows.entries()) {
      const stackTop = Object.values(row.stack).reduce((sum, n) => sum + n, 0);
      expect(stackTop).toBe(points[index]!.counted);
      expect(row.stack["class:support"]).toBeUndefined();
    }
  });

  test("uncounted support members are their own dashed line, not part of the stack", () => {
    const model = shapeProgressChart({ points, plan, forecast, stack: "classification" });
    expect(model.showSupport).toBe(true);
    expect(model.rows.map((row) => row.support)).toEqual([5, 5, 4, 4]);
    const supportLine = model.legend.find((item) => item.key === "support");
    expect(supportLine).toMatchObject({ shape: "line", dash: expect.any(String) });
  });

  test("when the plan counts support, support is stacked and no separate line is drawn", () => {
    const counting = points.map((p) => ({
      ...p,
      countedByClassification: { ...p.countedByClassification!, support: p.byClassification.support },
    }));
    const model = shapeProgressChart({ points: counting, plan: { ...plan, countSupport: true }, forecast, stack: "classification" });
    expect(model.showSupport).toBe(false);
    expect(model.areas.at(-1)?.key).toBe("class:support");
    expect(model.rows.every((row) => row.support === null)).toBe(true);
  });

  test("older points without counted splits leave support out of the stack unless the plan counts it", () => {
    const legacy = points.map(({ countedByClassification: _c, countedByPhase: _p, ...rest }) => rest);
    const model = shapeProgressChart({ points: legacy, plan, forecast, stack: "classification" });
    expect(model.areas.map((area) => area.key)).not.toContain("class:support");
    expect(model.rows[0]?.stack["class:core"]).toBe(14);
  });

  test("the legend lists the areas in class order, then the lines", () => {
    const model = shapeProgressChart({ points, plan, forecast, stack: "classification" });
    expect(model.legend.map((item) => item.label)).toEqual([
      "Primary",
      "Core duplicate",
      "Adapter / wrapper",
      "Legacy / redirect",
      "Count toward target",
      "Target",
      "Forecast",
      "Support (not counted)",
    ]);
    expect(model.legend.slice(0, 4).every((item) => item.shape === "area")).toBe(true);
  });

  test("by phase: the plan's order, then unknown phases sorted, then unphased, from the counted split", () => {
    const phased = points.map((p, index) => ({
      ...p,
      byPhase: { unphased: 99, "Logic consolidation": 99 },
      countedByPhase: { unphased: 3, Zeta: 1, Alpha: index, "Logic consolidation": 5, "Interface standardization": 2 },
    }));
    const model = shapeProgressChart({ points: phased, plan, forecast, stack: "phase" });
    expect(model.areas.map((area) => area.label)).toEqual([
      "Interface standardization",
      "Logic consolidation",
      "Alpha",
      "Zeta",
      "Unphased",
    ]);
    expect(model.rows[2]?.stack).toEqual({
      "phase:Interface standardization": 2,
      "phase:Logic consolidation": 5,
      "phase:Alpha": 2,
      "phase:Zeta": 1,
      "phase:unphased": 3,
    });
  });

  test("the forecast runs from the latest scan to the target at the ETA, and the domain reaches it", () => {
    const model = shapeProgressChart({ points, plan, forecast, stack: "classification" });
    expect(forecast.state).toBe("forecast");
    const eta = Date.parse(forecast.eta ?? "");
    expect(model.projection).toEqual([
      { time: Date.parse(points[3]!.date), forecast: 14 },
      { time: eta, forecast: 8 },
    ]);
    expect(model.domain[0]).toBe(Date.parse(points[0]!.date));
    expect(model.domain[1]).toBeGreaterThanOrEqual(eta);
  });

  test("the target steps just after each due date and ends at the right edge", () => {
    const model = shapeProgressChart({ points, plan, forecast, stack: "classification" });
    const afterFirstDue = Date.parse("2026-09-10T23:59:59.999Z") + 1;
    expect(model.targetRows).toContainEqual({ time: afterFirstDue, target: 10 });
    expect(model.targetRows.at(-1)?.time).toBe(model.domain[1]);
    expect(model.dueMarkers.map((due) => [due.name, due.labelSide])).toEqual([
      ["Interface standardization", "right"],
      ["Logic consolidation", "left"],
    ]);
    const times = model.targetRows.map((row) => row.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test("no points: no rows, no target line, only the count in the legend", () => {
    const model = shapeProgressChart({ points: [], plan, forecast: forecastEta([], 8), stack: "classification" });
    expect(model.rows).toEqual([]);
    expect(model.targetRows).toEqual([]);
    expect(model.legend.map((item) => item.key)).toEqual(["counted"]);
  });
});

describe("axis labels", () => {
  test("four-digit values are grouped, not cut to '.200'", () => {
    expect(formatAxisNumber(1200)).toBe("1,200");
    expect(formatAxisNumber(12)).toBe("12");
  });

  test("the axis grows with its longest label", () => {
    expect(yAxisWidth(12)).toBeLessThan(yAxisWidth(1200));
    expect(yAxisWidth(1200)).toBeGreaterThanOrEqual("1,500".length * 7);
  });
});

describe("annotationMarkers", () => {
  const note = (id: string, date: string, kind: "note" | "phase-due" | "pull-request" = "note") => ({
    id,
    kind,
    date,
    text: id,
    detail: null,
    url: null,
    sha: null,
  });
  test("one marker per moment inside the domain, due dates left to their own lines", () => {
    const domain = [Date.parse("2026-11-01T00:00:00Z"), Date.parse("2026-11-30T00:00:00Z")] as const;
    const markers = annotationMarkers(
      [
        note("b", "2026-11-10T00:00:00Z"),
        note("a", "2026-11-03T00:00:00Z", "pull-request"),
        note("a2", "2026-11-03T00:00:00Z"),
        note("due", "2026-11-20T23:59:59.999Z", "phase-due"),
        note("early", "2026-10-01T00:00:00Z"),
        note("late", "2026-12-01T00:00:00Z"),
      ],
      domain,
    );
    expect(markers.map((marker) => [new Date(marker.time).toISOString(), marker.items.map((item) => item.id)])).toEqual([
      ["2026-11-03T00:00:00.000Z", ["a", "a2"]],
      ["2026-11-10T00:00:00.000Z", ["b"]],
    ]);
  });
});
