import { describe, expect, test } from "vitest";
import { parseDateFlag } from "./sample";

describe("parseDateFlag (--since / --until)", () => {
  const now = new Date("2026-03-31T15:30:00Z");

  test("spans go back in UTC calendar units", () => {
    expect(parseDateFlag("90d", now)?.toISOString()).toBe("2025-12-31T15:30:00.000Z");
    expect(parseDateFlag("2w", now)?.toISOString()).toBe("2026-03-17T15:30:00.000Z");
    // One month back from 31 March is the last day of February, not 3 March.
    expect(parseDateFlag("1m", now)?.toISOString()).toBe("2026-02-28T15:30:00.000Z");
    expect(parseDateFlag(" 1Y ", now)?.toISOString()).toBe("2025-03-31T15:30:00.000Z");
  });

  test("a bare date is its UTC day: the start, or for --until the last moment", () => {
    expect(parseDateFlag("2026-03-01", now)?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(parseDateFlag("2026-03-01", now, true)?.toISOString()).toBe("2026-03-01T23:59:59.999Z");
  });

  test("a date-time keeps its offset", () => {
    expect(parseDateFlag("2026-03-01T10:00:00+02:00", now)?.toISOString()).toBe("2026-03-01T08:00:00.000Z");
    expect(parseDateFlag("2026-03-01T10:00:00Z", now, true)?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
  });

  test("anything else is null (the CLI exits 2 naming the flag)", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "yesterday", "1q", "", "2026-03-01T25:00:00Z"])
      expect(parseDateFlag(bad, now)).toBeNull();
  });
});
