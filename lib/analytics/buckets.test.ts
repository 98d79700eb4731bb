import { describe, expect, test } from "vitest";
import { bucketOf } from "./buckets";
import { downsample } from "./range";

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe("bucketOf", () => {
  test("UTC days, Monday weeks and months, at their edges", () => {
    expect(bucketOf(seconds("2026-03-01T23:59:59Z"), "day")).toBe("2026-03-01");
    expect(bucketOf(seconds("2026-03-02T00:00:00Z"), "day")).toBe("2026-03-02");
    // Sunday belongs to the week that began the Monday before; Monday starts a new one.
    expect(bucketOf(seconds("2026-03-01T23:59:59Z"), "week")).toBe("2026-02-23");
    expect(bucketOf(seconds("2026-03-02T00:00:00Z"), "week")).toBe("2026-03-02");
    // A week that spans a year end is named by its Monday.
    expect(bucketOf(seconds("2027-01-01T12:00:00Z"), "week")).toBe("2026-12-28");
    expect(bucketOf(seconds("2026-12-31T23:59:59Z"), "month")).toBe("2026-12");
    expect(bucketOf(seconds("2027-01-01T00:00:00Z"), "month")).toBe("2027-01");
  });

  test("the chart keeps the newest point of each bucket backfill would sample", () => {
    const times = ["2026-03-01T10:00:00Z", "2026-03-01T23:59:59Z", "2026-03-02T00:00:00Z", "2026-03-08T09:00:00Z", "2026-03-09T09:00:00Z"];
    const points = times.map((iso) => ({ time: Date.parse(iso), iso }));
    expect(downsample(points, "day").map((point) => point.iso)).toEqual(times.filter((_, index) => index !== 0));
    expect(downsample(points, "week").map((point) => point.iso)).toEqual([
      "2026-03-01T23:59:59Z",
      "2026-03-08T09:00:00Z",
      "2026-03-09T09:00:00Z",
    ]);
    const weeks = new Set(points.map((point) => bucketOf(point.time / 1000, "week")));
    expect(downsample(points, "week")).toHaveLength(weeks.size);
  });
});
