import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { InventorySchema, isComplete } from "@/lib/contract/inventory";
import { createExtractor } from "@/lib/scanner/extract";
import { scanDirectory } from "@/lib/scanner/scan";
import { PYTHON_FIXTURE, tempCopy } from "./helpers";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function hostileCopy(): string {
  const root = tempCopy(PYTHON_FIXTURE);
  made.push(root);
  const big = `class HugeExecutionEngine:\n${"    x = 1  # padding padding padding padding\n".repeat(26_000)}`;
  writeFileSync(join(root, "netra", "huge_engine.py"), big);
  writeFileSync(
    join(root, "netra", "blob.py"),
    Buffer.concat([Buffer.from("class BlobExecutionEngine:\n"), Buffer.from([0, 1, 2, 0, 255])]),
  );
  symlinkSync("..", join(root, "netra", "loop"));
  symlinkSync("self_link", join(root, "netra", "self_link"));
  symlinkSync("missing_engine.py", join(root, "netra", "dangling_engine.py"));
  mkdirSync(join(root, "node_modules", "pkg"), { recursive: true });
  writeFileSync(join(root, "node_modules", "pkg", "index.js"), "class VendoredExecutionEngine {}\n");
  mkdirSync(join(root, "env"), { recursive: true });
  writeFileSync(join(root, "env", "pyvenv.cfg"), "home = /usr/bin\n");
  writeFileSync(join(root, "env", "engine.py"), "class VenvExecutionEngine: pass\n");
  return root;
}

describe("robustness: hostile files never crash a scan and are never dropped silently", () => {
  test("oversized, binary, non-UTF-8, syntax error, symlink loops and broken links are reported; members stay exact", async () => {
    const root = hostileCopy();
    const { inventory } = await scanDirectory(root, { workers: 0 });
    expect(() => InventorySchema.parse(inventory)).not.toThrow();
    expect(inventory.members).toHaveLength(24);
    expect(inventory.members.map((m) => m.name)).not.toEqual(expect.arrayContaining(["HugeExecutionEngine"]));
    expect(inventory.files.skipped).toEqual([
      { file: "netra/blob.py", reason: "binary content (NUL bytes)" },
      { file: "netra/encoding/latin1_engine.py", reason: "not valid UTF-8" },
      { file: "netra/huge_engine.py", reason: "larger than the 1 MB size cap (1.1 MB)" },
      { file: "netra/loop", reason: "symlink loop (points to a folder that contains it)" },
      { file: "netra/self_link", reason: "symlink loop (ELOOP)" },
    ]);
    expect(inventory.files.failed).toEqual([
      { file: "netra/compat/isolated_execution_engine.py", reason: "syntax error at line 16; kept 1 member(s) from the parts that parsed" },
      { file: "netra/dangling_engine.py", reason: "broken symlink (target missing)" },
    ]);
    expect(isComplete(inventory)).toBe(false);
    expect(inventory.commit.sha).toBeNull();
  });

  test("the size cap is configurable", async () => {
    const root = hostileCopy();
    writeFileSync(
      join(root, "converge.config.json"),
      JSON.stringify({ primary: "UserExecutionEngine", limits: { maxFileBytes: 4_000_000 } }),
    );
    const { inventory } = await scanDirectory(root, { workers: 0 });
    expect(inventory.members.filter((m) => m.name === "HugeExecutionEngine").map((m) => [m.file, m.line, m.classification])).toEqual([
      ["netra/huge_engine.py", 1, "core"],
    ]);
    expect(inventory.files.skipped.map((f) => f.file)).not.toContain("netra/huge_engine.py");
  });

  test("a file that exceeds the per-file time budget fails with a reason", async () => {
    const extractor = await createExtractor({
      pattern: "ExecutionEngine",
      events: "emit",
      subclasses: false,
      maxFileBytes: 10_000_000,
      fileTimeoutMs: 1,
    });
    const nested = `class SlowExecutionEngine:\n    value = ${"[".repeat(20_000)}${"]".repeat(20_000)}\n${"def f(a, b):\n    return [a + b for a in range(b) if a % 3]\n".repeat(20_000)}`;
    const result = extractor.extractFile("slow.py", Buffer.from(nested));
    expect(result.status).toBe("failed");
    expect(result.issue).toEqual({ kind: "failed", reason: "parse exceeded the 1 ms time budget" });
    expect(result.members).toEqual([]);
    // The parser is reusable afterwards.
    const after = extractor.extractFile("ok.py", Buffer.from("class FineExecutionEngine:\n    pass\n"));
    expect(after.members.map((m) => m.name)).toEqual(["FineExecutionEngine"]);
  });

  test("a missing folder is bad input", async () => {
    await expect(scanDirectory("/nonexistent/converge-fixture")).rejects.toThrow("folder not found: /nonexistent/converge-fixture");
  });
});
