import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InventorySchema, type Inventory } from "@/lib/contract/inventory";
import { bucketOf, sampleCommits, type CommitEntry } from "@/lib/history";
import { scanDirectory } from "@/lib/scanner";
import { main } from "@/cli/main";
import { buildHistoryFixture, type HistoryFixture } from "./fixture";
import { capture } from "./io";

function parseNdjson(text: string): Inventory[] {
  return text
    .trim()
    .split("\n")
    .map((line) => InventorySchema.parse(JSON.parse(line)));
}

describe("converge backfill", () => {
  let fixture: HistoryFixture;
  let scratch: string;

  beforeAll(() => {
    fixture = buildHistoryFixture();
    scratch = mkdtempSync(join(tmpdir(), "converge-backfill-"));
  });

  afterAll(() => {
    fixture.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("--every commit gives, for every commit, exactly what scan gives on a checkout of it", async () => {
    const io = capture();
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--format", "ndjson", "--no-cache"], io)).toBe(0);
    const inventories = parseNdjson(io.out);
    expect(inventories.map((i) => i.commit.sha)).toEqual(fixture.commits);

    const worktree = join(scratch, "checkout");
    fixture.git(["worktree", "add", "-q", "--detach", worktree, fixture.commits[0] as string]);
    try {
      for (const [index, sha] of fixture.commits.entries()) {
        execFileSync("git", ["checkout", "-q", "--detach", sha], { cwd: worktree });
        const scanned = (await scanDirectory(worktree, { workers: 0 })).inventory;
        const backfilled = inventories[index] as Inventory;
        expect(scanned.commit.sha).toBe(sha);
        // A detached checkout has no branch; the backfill records the branch it walked.
        expect(backfilled.commit.branch).toBe("main");
        expect({ ...backfilled, commit: { ...backfilled.commit, branch: null } }).toEqual(scanned);
      }
    } finally {
      fixture.git(["worktree", "remove", "--force", worktree]);
    }

    // The history the fixture wrote, as the backfill saw it.
    const keys = inventories.map((i) => i.members.map((m) => m.key));
    expect(keys[1]).toContain("engines/fast.py::FastExecutionEngine");
    expect(keys[2]).toContain("engines/speedy.py::FastExecutionEngine");
    expect(keys[3]).toContain("compat/legacy.py::LegacyExecutionEngine");
    expect(inventories.map((i) => i.plan.target)).toEqual([3, 3, 3, 3, 2, 2, 2, 2, 2]);
    expect(inventories[5]?.files.failed[0]?.reason).toMatch(/^syntax error at line \d+/);
    expect(keys[7]).toContain("engines/speedy.py::QuickExecutionEngine");
    expect(keys[7]).not.toContain("engines/adapter.py::ExecutionEngineAdapter");
    expect(keys.flat().some((key) => key.startsWith("tests/"))).toBe(false);
  });

  test("a bare clone gives the same history; a second run replays the disk cache and reads no blob", async () => {
    const bare = join(scratch, "bare.git");
    execFileSync("git", ["clone", "-q", "--bare", fixture.dir, bare]);
    const cacheDir = join(scratch, "cache");
    const work = capture();
    expect(await main(["backfill", fixture.dir, "--every", "commit", "--cache-dir", cacheDir], work)).toBe(0);
    // 13 read: the 12 scanned file versions and the left-out test file, read once for its text hits.
    expect(work.err).toMatch(/; 9 scanned; 9 file versions parsed, 13 read, 12 seen;/);
    const fromBare = capture();
    expect(await main(["backfill", bare, "--ref", "main", "--every", "commit", "--cache-dir", cacheDir], fromBare)).toBe(0);
    expect(fromBare.err).toMatch(/; 9 scanned \(9 replayed from the cache\); 0 file versions parsed, 0 read, 0 seen;/);
    expect(fromBare.out).toBe(work.out);
    // Walked from a SHA, commits carry no branch: new inventories, but every file version comes from the blob cache.
    const detached = capture();
    expect(
      await main(["backfill", bare, "--ref", fixture.commits[8] as string, "--every", "commit", "--cache-dir", cacheDir], detached),
    ).toBe(0);
    expect(detached.err).toMatch(/; 9 scanned; 0 file versions parsed, 0 read, 12 seen;/);
    expect(parseNdjson(detached.out).map((i) => ({ ...i, commit: { ...i.commit, branch: "main" } }))).toEqual(parseNdjson(work.out));
  });

  test("--every day samples the newest commit of each UTC day, oldest first; --since/--until bound it", async () => {
    const io = capture();
    expect(
      await main(
        ["backfill", fixture.dir, "--every", "day", "--since", "2026-01-06", "--until", "2026-01-09", "--no-cache", "--format", "json"],
        io,
      ),
    ).toBe(0);
    const inventories = (JSON.parse(io.out) as unknown[]).map((value) => InventorySchema.parse(value));
    // 2026-01-06 has two commits (09:00 and 11:00): the later one stands for the day.
    expect(inventories.map((i) => i.commit.sha)).toEqual(fixture.commits.slice(2, 6));
  });

  test("bad input exits 2 with one line", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["backfill", scratch], /^ERROR: not a git repository: /],
      [["backfill", fixture.dir, "--ref", "nope"], /^ERROR: not a commit in .*: nope\n$/],
      [["backfill", fixture.dir, "--every", "year"], /^ERROR: --every must be day, week, month or commit \(got "year"\)\n$/],
      [["backfill", fixture.dir, "--since", "last tuesday"], /^ERROR: --since must be/],
      [["backfill", fixture.dir, "--post"], /^ERROR: --post needs --url \(or CONVERGE_URL\) and --project/],
    ];
    for (const [argv, stderr] of cases) {
      const io = capture();
      expect(await main(argv, io)).toBe(2);
      expect(io.err).toMatch(stderr);
      expect(io.out).toBe("");
    }
    const help = capture();
    expect(await main(["backfill", "--help"], help)).toBe(0);
    expect(help.out).toContain("the newest commit of each\n                           bucket on the first-parent line");
  });
});

describe("sampling", () => {
  const commit = (sha: string, iso: string): CommitEntry => ({ sha, tree: "t", time: Date.parse(iso) / 1000, date: iso, subject: "" });

  test("buckets are UTC days, ISO weeks (Monday) and months", () => {
    const t = Date.parse("2026-03-01T23:30:00Z") / 1000; // a Sunday
    expect(bucketOf(t, "day")).toBe("2026-03-01");
    expect(bucketOf(t, "week")).toBe("2026-02-23");
    expect(bucketOf(t, "month")).toBe("2026-03");
  });

  test("one commit per bucket, the newest, returned oldest first", () => {
    const log = [
      commit("e", "2026-03-10T10:00:00Z"),
      commit("d", "2026-03-03T12:00:00Z"),
      commit("c", "2026-03-02T08:00:00Z"),
      commit("b", "2026-02-27T08:00:00Z"),
      commit("a", "2026-02-23T08:00:00Z"),
    ];
    expect(sampleCommits(log, "week").map((c) => c.sha)).toEqual(["b", "d", "e"]);
    expect(sampleCommits(log, "month").map((c) => c.sha)).toEqual(["b", "e"]);
    expect(sampleCommits(log, "commit").map((c) => c.sha)).toEqual(["a", "b", "c", "d", "e"]);
  });
});
