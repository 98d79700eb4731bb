import { describe, expect, test } from "vitest";
import { familyViewFrom, viewFamilies } from "@/components/repository/families";
import type { FamilyRow } from "@/lib/contract/repository";
import { repositoryStatus, summarize } from "@/lib/queries/repositories";
import { renderBadge } from "@/lib/share/badge";
import { repositoryBadge } from "@/lib/share/repository";

describe("the repository badge", () => {
  test("says how many consolidations are on track, coloured by the worst family", () => {
    const summary = summarize([
      { status: "on-track", stale: null, counted: 3, target: 1, change: -1 },
      { status: "on-track", stale: null, counted: 5, target: 2, change: 0 },
      { status: "done", stale: null, counted: 1, target: 1, change: 0 },
      { status: "at-risk", stale: { ageDays: 20 }, counted: 9, target: 1, change: 2 },
    ]);
    expect(summary).toMatchObject({
      families: 4,
      headline: "4 consolidations · 2 on track",
      status: "at-risk",
      detail: "1 done · 2 on track · 1 at risk · 1 stale",
      counted: 18,
      target: 5,
      change: 1,
    });
    expect(repositoryBadge(summary, { style: "flat" })).toEqual({
      label: "ssot",
      message: "4 consolidations · 2 on track",
      color: "#dfb317",
      style: "flat",
    });
    expect(summarize([{ status: "done", stale: null, counted: 1, target: 1, change: null }]).headline).toBe("1 consolidation · 0 on track");
  });

  test("an explicit label is escaped in the SVG; no repository and no family have their own words", () => {
    const svg = renderBadge(repositoryBadge(summarize([]), { label: `<script>"&`, style: "flat-square" }));
    expect(svg).toContain("<title>&lt;script&gt;&quot;&amp;: no consolidations</title>");
    expect(svg).not.toContain("<script>");
    expect(repositoryBadge(null, { style: "flat" }).message).toBe("unknown");
  });

  test("the repository's status is its worst family's; done only when every judged family is", () => {
    expect(repositoryStatus(["done", "late", "on-track"])).toBe("late");
    expect(repositoryStatus(["done", "on-track", "at-risk"])).toBe("at-risk");
    expect(repositoryStatus(["done", "on-track", "no-data"])).toBe("on-track");
    expect(repositoryStatus(["done", "empty"])).toBe("done");
    expect(repositoryStatus(["empty", "no-data"])).toBe("empty");
    expect(repositoryStatus([])).toBe("no-data");
  });
});

function row(
  family: string,
  name: string,
  status: FamilyRow["status"],
  counted: number | null,
  change: number | null,
  due: string | null,
): FamilyRow {
  return {
    family,
    project: `r--${family}`,
    name,
    issueUrl: null,
    status,
    stale: null,
    statusDetail: null,
    latest:
      counted === null
        ? null
        : {
            sha: "a".repeat(40),
            date: "2026-10-01T00:00:00Z",
            counted,
            members: counted,
            names: counted,
            definitions: counted,
            countUnit: "names",
            target: 1,
            finalTarget: 1,
            filesScanned: 10,
            legacyUsages: null,
          },
    target: 1,
    change,
    sparkline: [],
    nextPhase: due ? { name: "P", due, target: 1, state: "on-track", actual: null, projected: null, detail: "" } : null,
    checksFailed: 0,
  };
}

describe("the overview table's view", () => {
  const rows = [
    row("ws", "WebSocket", "on-track", 3, -2, "2027-01-01"),
    row("db", "Database", "late", 4, 0, null),
    row("log", "Logging", "at-risk", 6, 2, "2026-12-01"),
    row("new", "New family", "no-data", null, null, null),
  ];
  const order = (search: Record<string, string>) =>
    viewFamilies(
      rows,
      familyViewFrom((key) => search[key] ?? ""),
    ).map((item) => item.family);

  test("sorts by any column, numbers missing last in both directions, ties by family", () => {
    expect(order({})).toEqual(["db", "log", "new", "ws"]);
    expect(order({ sort: "status" })).toEqual(["db", "log", "ws", "new"]);
    expect(order({ sort: "count" })).toEqual(["ws", "db", "log", "new"]);
    expect(order({ sort: "count", dir: "desc" })).toEqual(["log", "db", "ws", "new"]);
    expect(order({ sort: "change" })).toEqual(["ws", "db", "log", "new"]);
    expect(order({ sort: "due" })).toEqual(["log", "ws", "db", "new"]);
  });

  test("filters by status (stale included) and text; unknown values fall back to the defaults", () => {
    expect(order({ status: "late" })).toEqual(["db"]);
    expect(order({ status: "stale" })).toEqual([]);
    expect(order({ q: "LOG" })).toEqual(["log"]);
    expect(order({ q: "r--n" })).toEqual(["new"]);
    expect(familyViewFrom((key) => ({ sort: "bogus", dir: "sideways", status: "nope" })[key] ?? "")).toEqual({
      sort: "family",
      dir: "asc",
      status: "all",
      q: "",
    });
  });
});
