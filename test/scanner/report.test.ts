import { describe, expect, test } from "vitest";
import { InventorySchema, type Inventory } from "@/lib/contract/inventory";
import { renderJson } from "@/lib/scanner/report/json";
import { renderMarkdown } from "@/lib/scanner/report/markdown";
import { renderTable } from "@/lib/scanner/report/table";
import { scanDirectory } from "@/lib/scanner/scan";
import { FIXED_COMMIT, PYTHON_FIXTURE } from "./helpers";

async function inventory(): Promise<Inventory> {
  return (await scanDirectory(PYTHON_FIXTURE, { commit: FIXED_COMMIT, workers: 0 })).inventory;
}

describe("reporters are pure functions of the inventory", () => {
  test("json round-trips through the contract", async () => {
    const inv = await inventory();
    expect(InventorySchema.parse(JSON.parse(renderJson(inv)))).toEqual(inv);
  });

  test("table shows totals, members, checks and file issues", async () => {
    const text = renderTable(await inventory());
    const lines = text.split("\n");
    expect(lines[0]).toBe("converge scan · pattern /ExecutionEngine/ · primary UserExecutionEngine · no commit (scanned 2026-01-05T09:00:00+00:00)");
    expect(lines[1]).toBe("20 counted / target 8 · 24 members · 1/6 checks pass · 24 files · INCOMPLETE: 1 skipped, 1 failed");
    expect(text).toContain("UserExecutionEngine                  class  primary                -                          netra/agents/user_execution_engine.py:22            24  named as primary in the plan");
    expect(text).toMatch(/Exactly one primary\s+pass\s+1 \(= 1\)/);
    expect(text).toMatch(/skipped\s+netra\/encoding\/latin1_engine.py\s+not valid UTF-8/);
  });

  test("markdown escapes hostile names and paths", async () => {
    const inv = await inventory();
    const first = inv.members[0] as Inventory["members"][number];
    const hostile: Inventory = {
      ...inv,
      members: [{ ...first, name: "A|B`*<img src=x onerror=alert(1)>", file: "x|y/<b>.py", reason: "name ends in *Adapter*" }, ...inv.members.slice(1)],
    };
    const md = renderMarkdown(hostile);
    expect(md).toContain("| A\\|B\\`\\*&lt;img src=x onerror=alert(1)&gt; | adapter | – | x\\|y/&lt;b&gt;.py:4 | 7 | name ends in \\*Adapter\\* |");
    expect(md).not.toContain("<img");
    expect(md.split("\n")[0]).toBe("### ExecutionEngine: 20 counted / target 8");
    expect(md).toContain("> **Incomplete scan:** 1 skipped, 1 failed (listed below).");
    expect(md).toContain("| Count within target | **FAIL** | 20 (≤ 8) | 20 counted against a target of 8 |");
  });
});
