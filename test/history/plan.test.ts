import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InventorySchema, type Inventory } from "@/lib/contract/inventory";
import { scanDirectory } from "@/lib/scanner";
import { main } from "@/cli/main";
import { capture } from "./io";
import { backendModule, backendPath, createPlanFixture, DEEP, writeFamilyHistory, type PlanFixture } from "./plan-fixture";

const ROOT = join(import.meta.dirname, "..", "..");

function parseNdjson(text: string): Inventory[] {
  return text
    .trim()
    .split("\n")
    .map((line) => InventorySchema.parse(JSON.parse(line)));
}

/** What a consolidation is judged by: members by key, totals, checks and the plan. */
function judged(inventory: Inventory) {
  return {
    plan: inventory.plan,
    totals: inventory.totals,
    checks: inventory.checks,
    members: Object.fromEntries(inventory.members.map((m) => [m.key, m])),
    files: inventory.files,
  };
}

/** Runs the real CLI as a process: exit code and output as a user sees them. */
function cli(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [join(ROOT, "bin/converge.mjs"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("backfill with a plan from outside the repository", () => {
  let fixture: PlanFixture;
  let shas: string[];
  let outside: string;
  let configFile: string;

  beforeAll(() => {
    fixture = createPlanFixture();
    shas = writeFamilyHistory(fixture);
    outside = mkdtempSync(join(tmpdir(), "converge-plan-outside-"));
    configFile = join(outside, "backends.json");
    writeFileSync(
      configFile,
      JSON.stringify({ pattern: "Backend$", target: 10, primary: "Provider12ObjectStorageWithRetriesBackend", exclude: [] }),
    );
  });

  afterAll(() => {
    fixture.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  test("every commit uses --config and matches a plain scan of its checkout with the same config", async () => {
    // --config is relative to the current folder, not to the repository.
    const io = capture({} as NodeJS.ProcessEnv, outside);
    expect(
      await main(["backfill", fixture.dir, "--every", "commit", "--config", "backends.json", "--no-cache", "--format", "ndjson"], io),
    ).toBe(0);
    const inventories = parseNdjson(io.out);
    expect(inventories.map((i) => i.commit.sha)).toEqual(shas);
    expect(io.err).toContain("backfill plan: 4 commits: plan from backends.json\n");
    expect(io.err).not.toContain("warning");

    const checkout = join(outside, "checkout");
    fixture.git(["worktree", "add", "-q", "--detach", checkout, shas[0] as string]);
    try {
      for (const [index, sha] of shas.entries()) {
        execFileSync("git", ["checkout", "-q", "--detach", sha], { cwd: checkout });
        const scanned = (await scanDirectory(checkout, { configPath: configFile, workers: 0 })).inventory;
        const backfilled = inventories[index] as Inventory;
        expect(backfilled.plan.pattern).toBe("Backend$");
        expect(backfilled.plan.target).toBe(10);
        expect(judged(backfilled)).toEqual(judged(scanned));
      }
    } finally {
      fixture.git(["worktree", "remove", "--force", checkout]);
    }

    // Real-shaped: long paths, many members, names fewer than definitions where a name is defined twice.
    const second = inventories[1] as Inventory;
    expect(second.members.length).toBeGreaterThan(35);
    expect(second.members.some((m) => m.file.length > 90)).toBe(true);
    expect(second.totals.names).toBeLessThan(second.totals.members);
    // The move: every member of the last commit lives at its new path.
    expect((inventories[3] as Inventory).members.some((m) => m.file.startsWith(`${DEEP}/`))).toBe(false);
    expect((inventories[3] as Inventory).members.length).toBeGreaterThan(20);
  });

  test("a missing or invalid --config exits 2 before anything is scanned, with the message scan gives", () => {
    const missing = join(outside, "nope.json");
    const backfill = cli(["backfill", fixture.dir, "--config", missing, "--format", "ndjson", "--no-cache"], outside);
    const scan = cli(["scan", fixture.dir, "--config", missing], outside);
    expect(backfill.status).toBe(2);
    expect(scan.status).toBe(2);
    expect(backfill.stdout).toBe("");
    expect(backfill.stderr).toBe("ERROR: nope.json: config file not found\n");
    expect(backfill.stderr).toBe(scan.stderr);

    const invalid = join(outside, "invalid.json");
    writeFileSync(invalid, JSON.stringify({ pattern: "Backend$", target: -1 }));
    const bad = cli(["backfill", fixture.dir, "--config", relative(outside, invalid), "--no-cache"], outside);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^ERROR: invalid\.json: target: /);
    expect(bad.stderr).toBe(cli(["scan", fixture.dir, "--config", "invalid.json"], outside).stderr);
  });

  test("a pattern that matches nothing in every commit says so, naming the pattern and the files", async () => {
    const nothing = join(outside, "nothing.json");
    writeFileSync(nothing, JSON.stringify({ pattern: "Repository$" }));
    const io = capture({} as NodeJS.ProcessEnv, outside);
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--config", nothing, "--no-cache"], io)).toBe(0);
    const files = Math.max(...parseNdjson(io.out).map((i) => i.files.scanned));
    expect(files).toBeGreaterThan(30);
    expect(io.err).toContain(`warning: no members match /Repository$/ in ${files} files: check pattern, include and exclude\n`);
  });
});

describe("backfill without --config: each commit's own plan, the tip's before it", () => {
  let fixture: PlanFixture;
  let shas: string[];
  let scratch: string;

  beforeAll(() => {
    fixture = createPlanFixture();
    scratch = mkdtempSync(join(tmpdir(), "converge-plan-tip-"));
    shas = writeFamilyHistory(fixture);
    // The config appears at commit 5 and changes at commit 6.
    fixture.write("converge.config.json", `${JSON.stringify({ pattern: "Backend$", target: 12, exclude: [] })}\n`);
    shas.push(fixture.commit("add the converge config"));
    fixture.write("converge.config.json", `${JSON.stringify({ pattern: "Backend$", target: 8, exclude: [] })}\n`);
    shas.push(fixture.commit("tighten the target"));
  });

  afterAll(() => {
    fixture.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("a bare repository: commits before the config use the tip's; the summary says which plan each range used", async () => {
    const bare = join(scratch, "bare.git");
    execFileSync("git", ["clone", "-q", "--bare", fixture.dir, bare]);
    const io = capture();
    expect(await main(["backfill", bare, "--every", "commit", "--no-cache"], io)).toBe(0);
    const inventories = parseNdjson(io.out);
    expect(inventories.map((i) => i.commit.sha)).toEqual(shas);
    expect(inventories.map((i) => [i.plan.pattern, i.plan.target])).toEqual([
      ["Backend$", 8],
      ["Backend$", 8],
      ["Backend$", 8],
      ["Backend$", 8],
      ["Backend$", 12],
      ["Backend$", 8],
    ]);
    expect(inventories.every((i) => i.members.length > 0)).toBe(true);
    expect(io.err).toContain(
      "backfill plan: 2 commits: plan from converge.config.json at each commit; 4 commits before it: plan from the tip's converge.config.json\n",
    );
  });

  test("a work tree: commits before the config use the work tree's (even uncommitted)", async () => {
    fixture.write("converge.config.json", `${JSON.stringify({ pattern: "Backend$", target: 5, exclude: [] })}\n`);
    try {
      const io = capture();
      expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache"], io)).toBe(0);
      expect(parseNdjson(io.out).map((i) => i.plan.target)).toEqual([5, 5, 5, 5, 12, 8]);
      expect(io.err).toContain("4 commits before it: plan from the work tree's converge.config.json");
    } finally {
      fixture.git(["checkout", "--", "converge.config.json"]);
    }
  });

  test("without a config anywhere the defaults are used, with a warning", async () => {
    const bare = join(scratch, "first-four.git");
    execFileSync("git", ["clone", "-q", "--bare", fixture.dir, bare]);
    execFileSync("git", ["-C", bare, "update-ref", "refs/heads/old", shas[3] as string]);
    const io = capture();
    expect(await main(["backfill", bare, "--ref", "old", "--every", "commit", "--no-cache"], io)).toBe(0);
    expect(parseNdjson(io.out).every((i) => i.plan.pattern === "ExecutionEngine")).toBe(true);
    expect(io.err).toContain("backfill plan: 4 commits: no config file: the built-in defaults (pattern ExecutionEngine)\n");
    expect(io.err).toMatch(
      /warning: no config file found for some commits of .*: using the built-in defaults \(pattern ExecutionEngine\); pass --config FILE\n/,
    );
    expect(io.err).toMatch(/warning: no members match \/ExecutionEngine\/ in \d+ files/);
  });
});

describe("symlinks in a git tree are never followed", () => {
  test("a symlink blob to a file outside the repository is not read", async () => {
    const fixture = createPlanFixture();
    const elsewhere = mkdtempSync(join(tmpdir(), "converge-elsewhere-"));
    try {
      writeFileSync(join(elsewhere, "secret.py"), backendModule("SecretBackend"));
      fixture.write(backendPath(1), backendModule("OnlyBackend"));
      symlinkSync(join(elsewhere, "secret.py"), join(fixture.dir, "out.py"));
      symlinkSync(elsewhere, join(fixture.dir, "out"));
      fixture.write("converge.config.json", JSON.stringify({ pattern: "Backend$", exclude: [] }));
      const sha = fixture.commit("links out of the repository");
      const io = capture();
      expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache"], io)).toBe(0);
      const [inventory] = parseNdjson(io.out);
      expect(inventory?.commit.sha).toBe(sha);
      expect(inventory?.members.map((m) => m.name)).toEqual(["OnlyBackend"]);
    } finally {
      fixture.dispose();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe("an invalid config at the tip", () => {
  test("exits 2 before anything is scanned, naming the file and the commit", async () => {
    const fixture = createPlanFixture();
    const scratch = mkdtempSync(join(tmpdir(), "converge-plan-badtip-"));
    try {
      fixture.write(backendPath(1), backendModule("OnlyBackend"));
      fixture.commit("a backend");
      fixture.write("converge.config.json", JSON.stringify({ pattern: "Backend$", target: "ten" }));
      const tip = fixture.commit("a config with a typo");
      const bare = join(scratch, "bare.git");
      execFileSync("git", ["clone", "-q", "--bare", fixture.dir, bare]);
      const io = capture();
      expect(await main(["backfill", bare, "--every", "commit", "--no-cache"], io)).toBe(2);
      expect(io.out).toBe("");
      expect(io.err).toMatch(new RegExp(`^ERROR: converge\\.config\\.json at the tip \\(${tip.slice(0, 12)}\\): target: `));
    } finally {
      fixture.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("a blob the repository does not have", () => {
  test("is listed as failed (the scan is incomplete), not silently empty", async () => {
    const fixture = createPlanFixture();
    try {
      fixture.write(backendPath(1), backendModule("OnlyBackend"));
      fixture.write(backendPath(2), backendModule("LostBackend"));
      fixture.write("converge.config.json", JSON.stringify({ pattern: "Backend$", exclude: [] }));
      fixture.commit("two backends");
      const lost = fixture.git(["rev-parse", `HEAD:${backendPath(2)}`]);
      rmSync(join(fixture.dir, ".git", "objects", lost.slice(0, 2), lost.slice(2)));
      const io = capture();
      expect(await main(["backfill", fixture.dir, "--every", "commit", "--no-cache"], io)).toBe(0);
      const [inventory] = parseNdjson(io.out);
      expect(inventory?.members.map((m) => m.name)).toEqual(["OnlyBackend"]);
      expect(inventory?.files.failed).toEqual([
        { file: backendPath(2), reason: "blob missing from the repository (a partial or shallow clone?)" },
      ]);
    } finally {
      fixture.dispose();
    }
  });
});
