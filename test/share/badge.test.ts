import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, test } from "vitest";
import { staleness } from "@/lib/analytics/freshness";
import { BADGE_COLORS, familyNoun, projectBadge, renderBadge, type BadgeHeadline } from "@/lib/share/badge";

describe("family noun", () => {
  test("is the pattern's last word, lower case and plural, whatever regex syntax surrounds it", () => {
    expect(familyNoun("ExecutionEngine")).toBe("engines");
    expect(familyNoun("Backend$")).toBe("backends");
    expect(familyNoun("Driver")).toBe("drivers");
    expect(familyNoun("^I?HTTPClient$")).toBe("clients");
    expect(familyNoun("Repository")).toBe("repositories");
    expect(familyNoun("\\bMatch\\b")).toBe("matches");
    expect(familyNoun("Integration")).toBe("integrations");
    expect(familyNoun("$^")).toBe("members");
    expect(familyNoun(null)).toBe("members");
  });
});

const headline = (overrides: Partial<BadgeHeadline> = {}): BadgeHeadline => ({
  latest: { counted: 24, finalTarget: 8 },
  status: "on-track",
  plan: { pattern: "Backend$", target: 8 },
  stale: null,
  ...overrides,
});

describe("project badge", () => {
  test("counts in the plan's unit under the family noun, coloured by status", () => {
    expect(projectBadge(headline(), { metric: "count", style: "flat" })).toEqual({
      label: "backends",
      message: "24 / 8",
      color: BADGE_COLORS["on-track"],
      style: "flat",
    });
    expect(projectBadge(headline(), { label: "celery", metric: "count", style: "flat" }).label).toBe("celery");
    expect(projectBadge(headline(), { metric: "checks", style: "flat" }, { passed: 5, failed: 2 })).toMatchObject({
      label: "checks",
      message: "5/7 passing",
      color: BADGE_COLORS.failing,
    });
  });

  test("empty is grey and never done; no scan is no data; an old scan says its age", () => {
    expect(
      projectBadge(headline({ status: "empty", latest: { counted: 0, finalTarget: 1 } }), { metric: "count", style: "flat" }),
    ).toMatchObject({
      message: "empty",
      color: "#9f9f9f",
    });
    expect(projectBadge(headline({ latest: null, status: "no-data" }), { metric: "count", style: "flat" }).message).toBe("no data");
    const stale = staleness("2026-10-01T00:00:00Z", Date.parse("2026-10-16T01:00:00Z"), 14);
    expect(projectBadge(headline({ stale }), { metric: "count", style: "flat" }).message).toBe("24 / 8 · stale 15d");
  });

  test("a label taken from a hostile pattern or query is escaped in the SVG", () => {
    for (const label of [familyNoun("<script>alert(1)</script>Backend"), "A&B <img onerror=x>", '"quoted" label']) {
      const svg = renderBadge(projectBadge(headline(), { label, metric: "count", style: "flat" }));
      expect(XMLValidator.validate(svg)).toBe(true);
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg) as { svg: { title: string } };
      expect(parsed.svg.title).toBe(`${label}: 24 / 8`);
      expect(svg).not.toContain("<img");
      expect(svg).not.toContain("<script");
    }
  });
});
