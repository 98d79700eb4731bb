import { describe, expect, test } from "vitest";
import { emptyRangeNotice, smallestRangeWith } from "./empty-range";

const DAY = 86_400_000;
const NOW = Date.parse("2026-01-20T12:00:00Z");

describe("emptyRangeNotice", () => {
  test("names the range, the latest scan's date and the smallest range that shows it", () => {
    const notice = emptyRangeNotice("4w", 0, "2025-09-18T09:00:00Z", NOW);
    expect(notice).toEqual({ message: "No scans in the last 4 weeks; the latest is from 18 Sept 2025.", range: "6m" });
  });

  test("says nothing when the range has scans, when there are none at all, or for all time", () => {
    expect(emptyRangeNotice("4w", 3, "2025-09-18T09:00:00Z", NOW)).toBeNull();
    expect(emptyRangeNotice("4w", 0, null, NOW)).toBeNull();
    expect(emptyRangeNotice("all", 0, "2025-09-18T09:00:00Z", NOW)).toBeNull();
  });
});

describe("smallestRangeWith", () => {
  test("takes the first preset whose window reaches back to the scan", () => {
    expect(smallestRangeWith(NOW - 3 * DAY, NOW)).toBe("4w");
    expect(smallestRangeWith(NOW - 28 * DAY, NOW)).toBe("4w");
    expect(smallestRangeWith(NOW - 29 * DAY, NOW)).toBe("12w");
    expect(smallestRangeWith(NOW - 200 * DAY, NOW)).toBe("1y");
    expect(smallestRangeWith(NOW - 400 * DAY, NOW)).toBe("all");
  });
});
