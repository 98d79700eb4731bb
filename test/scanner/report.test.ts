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
    expect(lines[0]).toBe(
      "converge scan · pattern /ExecutionEngine/ · primary UserExecutionEngine · no commit (scanned 2026-01-05T09:00:00+00:00)",
    );
    expect(lines[1]).toBe(
      "19 names counted / target 8 · 23 names (24 definitions) · 11 legacy usages · 1/7 checks pass · 24 files · INCOMPLETE: 1 skipped, 1 failed",
    );
    expect(text).toContain(
      "UserExecutionEngine                  class  primary                -                          netra/agents/user_execution_engine.py:22            24  7 files, 16 sites     named as primary in the plan",
    );
    expect(text).toContain(
      "ExecutionEngine ×2                   alias  legacy                 -                          netra/agents/execution_engine.py:8                   1  no usages: removable  alias of UserExecutionEngine",
    );
    expect(text).toContain("23 names (24 definitions); the target counts names\nCLASS      DEFINITIONS  COUNTED NAMES\n");
    expect(text).toMatch(/\nlegacy +5 +4\n/);
    expect(text).toMatch(/One definition per name\s+FAIL\s+1 \(≤ 0\)\s+1 of 23 names defined more than once: ExecutionEngine ×2/);
    expect(text).toMatch(/Exactly one primary\s+pass\s+1 \(= 1\)/);
    expect(text).toMatch(/skipped\s+netra\/encoding\/latin1_engine.py\s+not valid UTF-8/);
  });

  test("markdown escapes hostile names and paths", async () => {
    const inv = await inventory();
    const first = inv.members[0] as Inventory["members"][number];
    const hostile: Inventory = {
      ...inv,
      members: [
        { ...first, name: "A|B`*<img src=x onerror=alert(1)>", file: "x|y/<b>.py", reason: "name ends in *Adapter*" },
        ...inv.members.slice(1),
      ],
    };
    const md = renderMarkdown(hostile);
    expect(md).toContain(
      "| A\\|B\\`\\*&lt;img src=x onerror=alert(1)&gt; | adapter | – | x\\|y/&lt;b&gt;.py:4 | 7 | no usages: removable | name ends in \\*Adapter\\* |",
    );
    expect(md).not.toContain("<img");
    expect(md.split("\n")[0]).toBe("### ExecutionEngine: 19 names counted / target 8");
    expect(md.split("\n")[2]).toMatch(
      /^23 names \(24 definitions\) · 11 legacy usages · primary UserExecutionEngine · 1\/7 checks pass · /,
    );
    expect(md).toContain("| Legacy / redirect | 5 | 4 |");
    expect(md).toContain(
      "| ExecutionEngine ×2 | legacy | – | netra/agents/execution\\_engine.py:8 | 1 | no usages: removable | alias of UserExecutionEngine |",
    );
    expect(md).toContain(
      "| UserExecutionEngine | primary | – | netra/agents/user\\_execution\\_engine.py:22 | 24 | 7 files, 16 sites | named as primary in the plan |",
    );
    expect(md).toContain("> **Incomplete scan:** 1 skipped, 1 failed (listed below).");
    expect(md).toContain("| Count within target | **FAIL** | 19 (≤ 8) | 19 names (20 definitions) counted, target 8 |");
  });

  test("table lines fit: long paths and names are shortened in the middle, no line is padded", async () => {
    const inv = await inventory();
    const first = inv.members[0] as Inventory["members"][number];
    const longFile = `${"deeply/nested/package/".repeat(12)}very_long_module_name_for_the_engine.py`;
    const longName = `Extremely${"Long".repeat(15)}ExecutionEngineAdapter`;
    const wide: Inventory = {
      ...inv,
      members: [{ ...first, name: longName, file: longFile }, ...inv.members.slice(1)],
      files: { ...inv.files, failed: [{ file: longFile, reason: "syntax error at line 3; kept 0 member(s) from the parts that parsed" }] },
    };
    const lines = renderTable(wide).split("\n");
    for (const line of lines) expect(line).toBe(line.trimEnd());
    const row = lines.find((l) => l.includes("very_long_module_name_for_the_engine.py:4"));
    expect(row).toBeDefined();
    expect(row).toContain("deeply/…/package/very_long_module_name_for_the_engine.py:4");
    expect(row).toContain(`${longName.slice(0, 24)}…${longName.slice(-23)}`);
    // Without the caps every member row would be over 300 characters wide (the path alone is 303).
    expect(longFile.length).toBeGreaterThan(300);
    const header = lines.find((l) => l.startsWith("NAME "));
    // The USED BY column is at most "9999 files, 99999 sites" wide.
    expect(header?.indexOf("REASON")).toBeLessThanOrEqual(48 + 2 + 5 + 2 + 21 + 2 + 25 + 2 + 60 + 2 + 3 + 2 + 23 + 2);
    // (+ the USED BY column and its gap.)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(250 + 23 + 2);
  });
});
