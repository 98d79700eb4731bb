// Usages (issue #13): each member's imports and references outside its own file, the legacy usages
// left on the counted non-primary members, the members nothing uses (removable), and the same numbers
// from a backfill, commit by commit, as a scan of each commit's checkout gives.
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type Inventory, InventorySchema, isRemovable } from "@/lib/contract/inventory";
import { planBackfill, runBackfill } from "@/lib/history";
import { scanDirectory } from "@/lib/scanner/scan";
import { gitEnv } from "../history/fixture";
import { FIXED_COMMIT } from "./helpers";

const FIXTURE = join(import.meta.dirname, "..", "fixtures", "explain");

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

const usedBy = (inventory: Inventory) => inventory.members.map((m) => [m.key, m.classification, m.usedBy ?? null]);

describe("usages on the seed-like fixture", () => {
  test("each member's usedBy: imports and references outside its own file, never in left-out files", async () => {
    const { inventory } = await scanDirectory(FIXTURE, { commit: FIXED_COMMIT, workers: 0 });
    InventorySchema.parse(inventory);
    expect(usedBy(inventory)).toEqual([
      // runner.py imports and constructs it.
      ["app/engines/aliases.py::SupervisorExecutionEngine", "legacy", { files: 1, sites: 2 }],
      // Imported by the package and by runner.py, which also annotates with it.
      ["app/engines/aliases.py::ExecutionEngine", "legacy", { files: 2, sites: 3 }],
      // Imported and subclassed by three engines.
      ["app/engines/base.py::BaseExecutionEngine", "interface", { files: 3, sites: 6 }],
      // Nothing outside its file names this definition (imports name the other two).
      ["app/engines/tool_engine.py::ToolExecutionEngine", "core", { files: 0, sites: 0 }],
      // The package, the aliases and the runner; the tests folder and test_runner.py use it too, but they are left out.
      ["app/engines/user_engine.py::UserExecutionEngine", "primary", { files: 3, sites: 6 }],
      // Only its own alias line refers to it.
      ["app/legacy/tool_engine.py::ToolExecutionEngine", "legacy", { files: 0, sites: 0 }],
      ["app/legacy/tool_engine.py::LegacyToolExecutionEngine", "legacy", { files: 0, sites: 0 }],
      // aliases.py imports it (as SupervisorExecutionEngine).
      ["app/tools/tool_engine.py::ToolExecutionEngine", "core", { files: 1, sites: 1 }],
      // index.ts re-exports it; the uses in client.ts are its own file's.
      ["app/web/client.ts::WebExecutionEngine", "core", { files: 1, sites: 1 }],
      ["app/web/client.ts::BrowserExecutionEngine", "legacy", { files: 1, sites: 2 }],
      ["app/web/index.ts::DefaultExecutionEngine", "legacy", { files: 0, sites: 0 }],
    ]);
    // Every counted member but the primary: 2 + 3 + 6 + 0 + 0 + 0 + 1 + 1 + 2 + 0.
    expect(inventory.totals.legacyUsages).toBe(15);
  });

  test("a counted non-primary member used nowhere outside its file is removable; the primary and used members are not", async () => {
    const { inventory } = await scanDirectory(FIXTURE, { commit: FIXED_COMMIT, workers: 0 });
    expect(inventory.members.filter(isRemovable).map((m) => m.key)).toEqual([
      "app/engines/tool_engine.py::ToolExecutionEngine",
      "app/legacy/tool_engine.py::ToolExecutionEngine",
      "app/legacy/tool_engine.py::LegacyToolExecutionEngine",
      "app/web/index.ts::DefaultExecutionEngine",
    ]);
    // A member whose last user goes becomes removable.
    const dir = scratch("converge-usages-");
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, "app", "web", "index.ts"), 'export { WebExecutionEngine as DefaultExecutionEngine } from "./client";\n');
    const after = (await scanDirectory(dir, { commit: FIXED_COMMIT, workers: 0 })).inventory;
    expect(after.members.filter(isRemovable).map((m) => m.key)).toEqual([
      "app/engines/tool_engine.py::ToolExecutionEngine",
      "app/legacy/tool_engine.py::ToolExecutionEngine",
      "app/legacy/tool_engine.py::LegacyToolExecutionEngine",
      "app/web/client.ts::BrowserExecutionEngine",
      "app/web/index.ts::DefaultExecutionEngine",
    ]);
    expect(after.totals.legacyUsages).toBe(13);
  });

  test("the reconciliation: counts per kind, left-out files per reason, every non-member hit", async () => {
    const { inventory } = await scanDirectory(FIXTURE, { commit: FIXED_COMMIT, workers: 0 });
    const reconciliation = inventory.reconciliation;
    expect(reconciliation && { ...reconciliation, hits: reconciliation.hits.length }).toEqual({
      grep: { lines: 45, files: 10, words: 11 },
      classLines: { lines: 10, words: 5, classNames: 4 },
      byKind: { definition: 6, alias: 5, import: 12, reference: 13, docstring: 10, comment: 4, string: 6, unresolved: 2 },
      excluded: [
        { reason: "excluded by `**/tests/**`", files: 2, hits: 5 },
        { reason: "excluded by `**/test_*.py`", files: 1, hits: 2 },
      ],
      hits: 22,
      hitsTotal: 22,
    });
    expect(reconciliation?.hits.filter((h) => h.kind === "unresolved")).toEqual([
      { file: "app/services/runner.py", line: 4, kind: "unresolved", word: "RemoteExecutionEngine" },
      { file: "app/services/runner.py", line: 15, kind: "unresolved", word: "RemoteExecutionEngine" },
    ]);
  });

  test("the plain scan (usages off, a benchmark switch) carries none of it and parses fewer files", async () => {
    const plain = await scanDirectory(FIXTURE, { commit: FIXED_COMMIT, workers: 0, usages: false });
    const full = await scanDirectory(FIXTURE, { commit: FIXED_COMMIT, workers: 0 });
    expect(plain.inventory.members.map((m) => m.key)).toEqual(full.inventory.members.map((m) => m.key));
    expect([plain.inventory.totals.legacyUsages, plain.inventory.reconciliation, plain.inventory.members[0]?.usedBy]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    // A file that only uses members is parsed for its usages alone.
    const skippedByPlain = plain.extractions.filter(
      (e) => e.status === "no-match" && full.extractions.some((f) => f.file === e.file && f.status === "ok"),
    );
    // (runner.py defines a class, so the definition-site filter already parsed it.)
    expect(skippedByPlain.map((e) => e.file)).toEqual(["app/engines/__init__.py"]);
    expect([plain.stats.parsedFiles, full.stats.parsedFiles]).toEqual([9, 10]);
  });
});

/** The explain fixture committed over several commits, call sites moving from legacy members to the primary. */
function buildUsageHistory(): { dir: string; commits: string[] } {
  const dir = scratch("converge-usage-history-");
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  const git = (args: string[]) =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8", env: gitEnv(new Date(clock).toISOString()) }).trim();
  const edit = (path: string, from: string, to: string) => {
    const text = readFileSync(join(dir, path), "utf8");
    if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
    writeFileSync(join(dir, path), text.replace(from, to));
  };
  const commit = (message: string) => {
    git(["add", "-A"]);
    git(["commit", "-q", "-m", message]);
    clock += 7 * 24 * 3_600_000;
  };
  git(["init", "-q", "-b", "main"]);
  cpSync(FIXTURE, dir, { recursive: true });
  commit("the seed-like tree");
  edit("app/services/runner.py", "from app.engines.aliases import SupervisorExecutionEngine\n", "import logging\n");
  edit(
    "app/services/runner.py",
    "self.fallback: ExecutionEngine = SupervisorExecutionEngine()",
    "self.fallback = UserExecutionEngine(context)",
  );
  commit("runner: the fallback is a UserExecutionEngine");
  edit(
    "app/services/runner.py",
    "from app.engines import ExecutionEngine, UserExecutionEngine",
    "from app.engines import UserExecutionEngine",
  );
  commit("runner: no more ExecutionEngine import");
  edit("app/engines/aliases.py", "from app.tools.tool_engine import ToolExecutionEngine as SupervisorExecutionEngine\n", "");
  commit("aliases: drop SupervisorExecutionEngine");
  edit("app/engines/__init__.py", "from .aliases import ExecutionEngine\n", "");
  edit("app/engines/__init__.py", '__all__ = ["ExecutionEngine", "UserExecutionEngine"]', '__all__ = ["UserExecutionEngine"]');
  commit("package: export the primary only");
  // A left-out test file starts using a legacy alias: counted in the reconciliation, never in usages.
  appendFileSync(join(dir, "tests", "test_engines.py"), "\n\nLEGACY = BrowserExecutionEngine = None\n");
  commit("tests: a legacy name in a test");
  return { dir, commits: git(["rev-list", "--reverse", "HEAD"]).split("\n") };
}

describe("usages in a backfill", () => {
  test("the exact legacyUsages series commit by commit, each commit equal to a scan of its checkout", async () => {
    const history = buildUsageHistory();
    const plan = await planBackfill({ repo: history.dir, every: "commit" });
    const inventories: Inventory[] = [];
    for await (const event of runBackfill(plan, { repo: history.dir, every: "commit", cacheDir: null }).events) {
      if (event.kind !== "scan") throw new Error(`unexpected ${event.kind}`);
      inventories.push(InventorySchema.parse(event.inventory));
    }
    expect(inventories.map((i) => i.commit.sha)).toEqual(history.commits);
    expect(inventories.map((i) => i.totals.legacyUsages)).toEqual([15, 12, 11, 10, 9, 9]);
    expect(inventories.map((i) => i.members.filter(isRemovable).length)).toEqual([4, 5, 5, 5, 6, 6]);
    expect(inventories.map((i) => i.reconciliation?.excluded.find((e) => e.reason.includes("tests"))?.hits)).toEqual([5, 5, 5, 5, 5, 6]);

    // The git-tree source and the work tree agree on every number: usages, reconciliation, left-out counts.
    const checkout = scratch("converge-usage-checkout-");
    for (const [index, sha] of history.commits.entries()) {
      rmSync(checkout, { recursive: true, force: true });
      mkdirSync(checkout);
      execFileSync("sh", ["-c", `git -C "${history.dir}" archive ${sha} | tar -x -C "${checkout}"`]);
      const backfilled = inventories[index] as Inventory;
      const scanned = (await scanDirectory(checkout, { commit: backfilled.commit, workers: 0 })).inventory;
      expect(backfilled, sha).toEqual(scanned);
    }
  });
});
