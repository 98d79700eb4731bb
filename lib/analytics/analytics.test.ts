import { describe, expect, test } from "vitest";
import type { Plan } from "@/lib/contract/inventory";
import { diffMembers } from "./diff";
import { forecastEta } from "./forecast";
import { targetAt } from "./plan";
import { downsample } from "./range";
import { phaseVerdicts, projectStatus } from "./status";

const DAY = 86_400_000;
const plan: Plan = {
  pattern: "ExecutionEngine",
  primary: "UserExecutionEngine",
  target: 8,
  countSupport: false,
  count: "names",
  phases: [
    { name: "Interfaces", due: "2026-10-20", target: 18 },
    { name: "Logic", due: "2026-12-15", target: 10 },
  ],
};

describe("targetAt", () => {
  test("steps at each phase due date, then holds the overall target", () => {
    expect(targetAt(plan, Date.parse("2026-10-01T00:00:00Z"))).toBe(18);
    expect(targetAt(plan, Date.parse("2026-10-20T23:00:00Z"))).toBe(18);
    expect(targetAt(plan, Date.parse("2026-10-21T00:00:00Z"))).toBe(10);
    expect(targetAt(plan, Date.parse("2026-12-16T00:00:00Z"))).toBe(8);
  });
});

describe("downsample", () => {
  const daily = Array.from({ length: 1500 }, (_, index) => ({ time: Date.parse("2024-01-01T12:00:00Z") + index * DAY, index }));
  test("keeps the newest point of each week or month", () => {
    const weekly = downsample(daily.slice(0, 14), "week");
    // 2024-01-01 is a Monday: two full weeks, ending on the Sundays (index 6 and 13).
    expect(weekly.map((point) => point.index)).toEqual([6, 13]);
    expect(downsample(daily.slice(0, 40), "month").map((point) => point.index)).toEqual([30, 39]);
  });
  test("never returns more than the cap, and keeps the newest point", () => {
    const sampled = downsample(daily, "scan", 500);
    expect(sampled.length).toBeLessThanOrEqual(500);
    expect(sampled.length).toBeGreaterThan(450);
    expect(sampled.at(-1)?.index).toBe(1499);
  });
});

describe("phase verdicts and status", () => {
  const points = [24, 22, 20, 17, 16].map((counted, week) => ({
    time: Date.parse("2026-09-22T00:00:00Z") + week * 7 * DAY,
    counted,
    value: counted,
  }));
  const forecast = forecastEta(points, plan.target);
  test("a past phase is met or missed by the count at its due date; a future one by the forecast", () => {
    const now = Date.parse("2026-10-25T00:00:00Z");
    const verdicts = phaseVerdicts(plan, points, forecast, now);
    expect(verdicts.map((verdict) => [verdict.name, verdict.state, verdict.actual])).toEqual([
      ["Interfaces", "met", 16],
      ["Logic", "on-track", 16],
    ]);
    expect(projectStatus(plan, 16, verdicts, forecast, now)).toBe("on-track");
  });
  test("late when the count is above the target of a phase already due", () => {
    const now = Date.parse("2026-12-20T00:00:00Z");
    const verdicts = phaseVerdicts(plan, points, forecast, now);
    expect(verdicts[1]?.state).toBe("missed");
    expect(projectStatus(plan, 16, verdicts, forecast, now)).toBe("late");
    expect(projectStatus(plan, 8, verdicts, forecast, now)).toBe("done");
  });
});

describe("diffMembers", () => {
  const member = (
    name: string,
    file: string,
    extra: Partial<{ classification: "core" | "adapter"; bodyHash: string; signature: string }> = {},
  ) => ({
    key: `${file}::${name}`,
    name,
    kind: "class" as const,
    file,
    line: 1,
    classification: extra.classification ?? "core",
    bodyHash: extra.bodyHash ?? `h-${name}`,
    constructor: { signature: extra.signature ?? "()" },
  });
  test("tells additions, removals, moves, reclassifications and signature changes apart", () => {
    const before = [member("A", "a.py"), member("B", "b.py"), member("C", "c.py"), member("D", "d.py")];
    const after = [
      member("A", "a.py", { classification: "adapter" }),
      member("B", "moved/b.py"),
      member("D", "d.py", { signature: "(ctx)" }),
      member("E", "e.py"),
    ];
    const diff = diffMembers(before, after);
    expect(diff.added.map((m) => m.key)).toEqual(["e.py::E"]);
    expect(diff.removed.map((m) => m.key)).toEqual(["c.py::C"]);
    expect(diff.moved.map((m) => [m.from.key, m.to.key, m.by])).toEqual([["b.py::B", "moved/b.py::B", "body"]]);
    expect(diff.reclassified.map((m) => [m.member.name, m.from, m.to])).toEqual([["A", "core", "adapter"]]);
    expect(diff.signatureChanged.map((m) => [m.member.name, m.from, m.to])).toEqual([["D", "()", "(ctx)"]]);
  });
});
