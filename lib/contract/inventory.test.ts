import { describe, expect, test } from "vitest";
import { makeInventory } from "@/test/factories/inventory";
import { computeTotals, IngestInventorySchema, InventorySchema } from "./inventory";

describe("inventory contract", () => {
  test("accepts a well-formed inventory and computes totals from members", () => {
    const inventory = makeInventory({ members: 7 });
    expect(InventorySchema.parse(inventory)).toEqual(inventory);
    expect(computeTotals(inventory.members)).toEqual({
      members: 7,
      names: 7,
      counted: 6,
      byClassification: { primary: 1, core: 1, adapter: 1, factory: 1, legacy: 1, interface: 1, support: 1 },
      byPhase: { unphased: 7 },
      countedByClassification: { primary: 1, core: 1, adapter: 1, factory: 1, legacy: 1, interface: 1, support: 0 },
      countedByPhase: { unphased: 6 },
    });
  });

  test("names the field an older or broken client got wrong", () => {
    const inventory = makeInventory();
    const result = InventorySchema.safeParse({ ...inventory, members: [{ ...inventory.members[0], kind: "struct" }] });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toContain("members.0.kind");
  });

  test("rejects unknown keys, duplicate keys and totals that disagree with members", () => {
    const inventory = makeInventory({ members: 3 });
    const extra = InventorySchema.safeParse({ ...inventory, surprise: true });
    expect(extra.error?.issues[0]?.code).toBe("unrecognized_keys");
    const duplicated = InventorySchema.safeParse({
      ...inventory,
      members: [inventory.members[0], inventory.members[0]],
      totals: computeTotals([inventory.members[0]!, inventory.members[0]!]),
    });
    expect(duplicated.error?.issues.map((issue) => issue.message)).toEqual([`duplicate member key "${inventory.members[0]!.key}"`]);
    const wrongTotals = InventorySchema.safeParse({ ...inventory, totals: { ...inventory.totals, members: 4 } });
    expect(wrongTotals.error?.issues.map((issue) => issue.path.join("."))).toEqual(["totals"]);
  });

  test("ingest requires a commit SHA that a local scan may lack", () => {
    const inventory = makeInventory();
    const local = { ...inventory, commit: { ...inventory.commit, sha: null } };
    expect(InventorySchema.safeParse(local).success).toBe(true);
    const ingest = IngestInventorySchema.safeParse(local);
    expect(ingest.error?.issues.map((issue) => issue.path.join("."))).toEqual(["commit.sha"]);
  });
});
