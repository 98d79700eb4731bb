import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { scanDirectory } from "@/lib/scanner/scan";
import { FIXED_COMMIT, FIXTURES } from "@/test/scanner/helpers";
import { computeTotals, type Inventory } from "@/lib/contract/inventory";
import { baselineFromInventory, diffAgainstBaseline, parseBaseline, serializeBaseline } from "./baseline";
import { renderCheckMarkdown, renderCheckText } from "./report";

async function seed(count?: "names" | "definitions"): Promise<Inventory> {
  const { inventory } = await scanDirectory(join(FIXTURES, "seed"), { commit: FIXED_COMMIT, workers: 0 });
  // Another unit is another plan over the same members: the totals follow it.
  return count ? { ...inventory, plan: { ...inventory.plan, count }, totals: computeTotals(inventory.members, count) } : inventory;
}

describe("the CI gate counts in the plan's unit", () => {
  test("a baseline records its unit; the gate says what it counts", async () => {
    const inventory = await seed();
    const baseline = baselineFromInventory(inventory);
    expect([baseline.counted, baseline.unit, baseline.members.length]).toEqual([20, "names", 29]);
    const reread = parseBaseline(serializeBaseline(baseline), "baseline.json");
    expect(reread).toEqual(baseline);

    const outcome = diffAgainstBaseline(reread, inventory, { baselineLabel: "baseline.json", staleFails: true });
    expect(outcome).toMatchObject({ passed: true, unit: "names", before: 20, now: 20, reasons: [] });
    expect(renderCheckText(outcome).output.split("\n")[0]).toBe("PASS: 20 names counted (baseline 20, target 8) against baseline.json");
    expect(renderCheckMarkdown(outcome).output.split("\n")[0]).toBe(
      "### ✅ Converge: 20 names counted (no change against baseline.json, target 8)",
    );
  });

  test("a baseline written before names were counted (no unit: definitions) is recounted in names", async () => {
    const inventory = await seed();
    const { unit: _unit, ...current } = baselineFromInventory(inventory);
    const old = parseBaseline(JSON.stringify({ ...current, counted: 29 }), "old-baseline.json");
    expect(old.unit).toBeUndefined();
    // 29 definitions are 20 names: the same code is no regression.
    expect(diffAgainstBaseline(old, inventory, { baselineLabel: "old", staleFails: true })).toMatchObject({
      passed: true,
      before: 20,
      now: 20,
    });
    // A plan that counts definitions compares definitions.
    const definitions = await seed("definitions");
    expect(diffAgainstBaseline(old, definitions, { baselineLabel: "old", staleFails: true })).toMatchObject({
      passed: true,
      unit: "definitions",
      before: 29,
      now: 29,
    });
  });
});
