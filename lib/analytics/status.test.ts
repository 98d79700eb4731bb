import { describe, expect, test } from "vitest";
import type { Plan } from "@/lib/contract/inventory";
import { assessProject, type AssessPoint } from "./assess";
import { etaLabel, forecastEta } from "./forecast";
import { DEFAULT_STALE_DAYS, parseStaleDays, staleness } from "./freshness";
import { emptyDetail, phaseVerdicts, projectStatus } from "./status";

const DAY = 86_400_000;
const plan: Plan = {
  pattern: "Backend$",
  primary: null,
  target: 8,
  countSupport: false,
  count: "names",
  phases: [
    { name: "Interfaces", due: "2026-10-20", target: 18 },
    { name: "Logic", due: "2026-12-15", target: 10 },
  ],
};
const weekly = (values: number[], start = "2026-09-22T00:00:00Z"): AssessPoint[] =>
  values.map((counted, week) => ({
    date: new Date(Date.parse(start) + week * 7 * DAY).toISOString(),
    counted,
    members: counted,
    filesScanned: 8480,
  }));

describe("empty", () => {
  test("a project whose scans never found a member is empty, never done, and says what to check", () => {
    const points = weekly([0, 0, 0]).map((point) => ({ ...point, members: 0 }));
    const now = Date.parse("2026-10-07T00:00:00Z");
    const assessment = assessProject({ ...plan, target: 1 }, points, now, DEFAULT_STALE_DAYS);
    expect(assessment.status).toBe("empty");
    expect(assessment.statusDetail).toBe("no members match /Backend$/ in 8,480 files: check pattern, include and exclude");
    expect(assessment.forecast).toMatchObject({ state: "not-enough-data", eta: null });
    expect(assessment.verdicts.map((verdict) => verdict.state)).toEqual(["unknown", "unknown"]);
    // The same numbers with a member found once are done (0 ≤ 1), not empty.
    const once = points.map((point, index) => (index === 0 ? { ...point, members: 2, counted: 2 } : point));
    expect(assessProject({ ...plan, target: 1 }, once, now, DEFAULT_STALE_DAYS).status).toBe("done");
  });

  test("no scan at all is no data; the empty message names the pattern even without a file count", () => {
    expect(assessProject(plan, [], Date.parse("2026-10-07T00:00:00Z"), 14).status).toBe("no-data");
    expect(emptyDetail("Driver", null)).toBe("no members match /Driver/: check pattern, include and exclude");
    expect(emptyDetail("Driver", 1)).toContain("in 1 file:");
  });
});

describe("stale", () => {
  test("past CONVERGE_STALE_DAYS since the latest scan, the age is given in days", () => {
    const latest = "2026-10-01T12:00:00Z";
    expect(staleness(latest, Date.parse("2026-10-15T12:00:00Z"), 14)).toBeNull();
    const stale = staleness(latest, Date.parse("2026-10-16T13:00:00Z"), 14);
    expect(stale).toMatchObject({ ageDays: 15, limitDays: 14, label: "stale: last scan 15 days ago" });
    expect(staleness(latest, Date.parse("2026-10-03T13:00:00Z"), 1)?.label).toBe("stale: last scan 2 days ago");
    expect(staleness(null, Date.now(), 14)).toBeNull();
  });

  test("a project assessed 15 days after its latest scan carries the note beside its status", () => {
    const points = weekly([24, 22, 20, 17, 16]);
    const latest = Date.parse(points.at(-1)!.date);
    const assessment = assessProject(plan, points, latest + 15 * DAY, 14);
    expect(assessment.stale?.label).toBe("stale: last scan 15 days ago");
    expect(assessProject(plan, points, latest + 3 * DAY, 14).stale).toBeNull();
  });

  test("CONVERGE_STALE_DAYS: unset means 14, a bad value is a clear error", () => {
    expect(parseStaleDays(undefined)).toBe(14);
    expect(parseStaleDays(" ")).toBe(14);
    expect(parseStaleDays("30")).toBe(30);
    for (const bad of ["0", "-3", "1.5", "two", "14d", "99999"]) {
      expect(() => parseStaleDays(bad)).toThrow(`CONVERGE_STALE_DAYS must be a whole number of days from 1 to 3650; got "${bad}"`);
    }
  });
});

describe("overdue", () => {
  // 20 → 12 over four weeks (−2/week): from 12 the target 8 is two weeks after the latest scan.
  const points = weekly([20, 18, 16, 14, 12], "2026-11-02T00:00:00Z");
  const latest = Date.parse(points.at(-1)!.date);
  const noPhases: Plan = { ...plan, phases: [] };

  test("an ETA already past is overdue, labelled so, and the status is not on track", () => {
    const fresh = assessProject(noPhases, points, latest + 2 * DAY, 14);
    expect(fresh.forecast.overdue).toBe(false);
    expect(fresh.status).toBe("on-track");
    expect(etaLabel(fresh.forecast)).toBe(fresh.forecast.eta?.slice(0, 10));

    const late = assessProject(noPhases, points, latest + 20 * DAY, 14);
    expect(late.forecast.state).toBe("forecast");
    expect(late.forecast.overdue).toBe(true);
    expect(etaLabel(late.forecast)).toBe(`Overdue since ${late.forecast.eta?.slice(0, 10)}`);
    expect(late.status).toBe("at-risk");
    expect(late.stale?.ageDays).toBe(20);
  });

  test("a phase still ahead is not on track on a projection whose date has passed", () => {
    const phased: Plan = { ...plan, phases: [{ name: "Logic", due: "2027-03-01", target: 10 }] };
    const now = latest + 20 * DAY;
    const forecast = forecastEta(
      points.map((point) => ({ time: Date.parse(point.date), value: point.counted })),
      phased.target,
      { now },
    );
    const series = points.map((point) => ({ time: Date.parse(point.date), counted: point.counted }));
    const [verdict] = phaseVerdicts(phased, series, forecast, now);
    expect(verdict?.state).toBe("at-risk");
    expect(verdict?.detail).toContain("has passed with the count still at 12");
    expect(projectStatus(phased, 12, phaseVerdicts(phased, series, forecast, now), forecast, now)).toBe("at-risk");
    // Read before the ETA, the same phase is on track.
    const early = forecastEta(
      series.map((point) => ({ time: point.time, value: point.counted })),
      phased.target,
      { now: latest + DAY },
    );
    expect(phaseVerdicts(phased, series, early, latest + DAY)[0]?.state).toBe("on-track");
  });

  test("a phase whose due date has passed is met or missed by the count at that date, and missed makes the project late", () => {
    const points = weekly([24, 22, 21, 20, 19]);
    const now = Date.parse("2026-10-25T00:00:00Z");
    const assessment = assessProject(plan, points, now, 14);
    expect(assessment.verdicts[0]).toMatchObject({ name: "Interfaces", state: "missed", actual: 19 });
    expect(assessment.status).toBe("late");
  });
});
