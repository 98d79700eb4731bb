import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/database";
import { capture } from "@/test/history/io";
import { startIngestServer, type IngestServer } from "@/test/history/server";
import { main } from "../main";

const engine = (name: string) =>
  `class ${name}:\n    def __init__(self, context):\n        self.context = context\n\n    def run(self):\n        return 1\n`;

function project(): { dir: string; write(path: string, text: string): void; remove(path: string): void } {
  const dir = mkdtempSync(join(tmpdir(), "converge-check-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write("converge.config.json", JSON.stringify({ primary: "UserExecutionEngine", target: 2 }));
  write("engines/user.py", engine("UserExecutionEngine"));
  write("engines/old.py", `import os\n\n\n${engine("OldExecutionEngine")}`);
  return { dir, write, remove: (path) => rmSync(join(dir, path)) };
}

describe("converge check --baseline FILE", () => {
  test("a new member fails with its file:line; --update-baseline accepts it; a stale entry fails until removed", async () => {
    const p = project();
    const run = async (...args: string[]) => {
      const io = capture(undefined, p.dir);
      const code = await main(["check", ".", "--baseline", "baseline.json", ...args], io);
      return { code, out: io.out, err: io.err };
    };
    try {
      expect((await run()).err).toBe("ERROR: baseline file not found: baseline.json (create it with --update-baseline)\n");
      const created = await run("--update-baseline");
      expect(created.code).toBe(0);
      expect(created.err).toBe("baseline written to baseline.json: 2 counted member(s), 7 passing check(s)\n");
      expect(JSON.parse(readFileSync(join(p.dir, "baseline.json"), "utf8")).members.map((m: { key: string }) => m.key)).toEqual([
        "engines/old.py::OldExecutionEngine",
        "engines/user.py::UserExecutionEngine",
      ]);
      expect(await run()).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^PASS: 2 names counted \(baseline 2, target 2\) against baseline\.json\n/),
      });

      p.write("services/new_engine.py", `\n\n${engine("NewExecutionEngine")}`);
      p.write("services/user_again.py", engine("UserExecutionEngine"));
      const grew = await run();
      expect(grew.code).toBe(1);
      // UserExecutionEngine is now defined twice: 3 names (4 definitions) against 2.
      expect(grew.out).toContain("  - the count went up: 3 names counted, baseline 2\n");
      expect(grew.out).toContain("  + NewExecutionEngine  services/new_engine.py:3  (core)\n");
      expect(grew.out).toContain("  + UserExecutionEngine  services/user_again.py:1  (primary)\n");
      expect(grew.out).toContain(
        "  x Exactly one primary (single-primary): 2 primaries: engines/user.py::UserExecutionEngine, services/user_again.py::UserExecutionEngine\n",
      );

      const md = capture(undefined, p.dir);
      expect(await main(["check", ".", "--baseline", "baseline.json", "--format", "markdown"], md)).toBe(1);
      expect(md.out).toMatch(/^### ❌ Converge: 3 names counted \(\+1 against baseline\.json, target 2\)\n/);
      expect(md.out).toContain("- NewExecutionEngine at `services/new_engine.py:3` (core)");

      p.remove("services/user_again.py");
      expect((await run("--update-baseline")).code).toBe(0);
      expect((await run()).code).toBe(0);

      // The family shrank: good, but the baseline must shrink with it.
      p.remove("engines/old.py");
      const stale = await run();
      expect(stale.code).toBe(1);
      expect(stale.out).toContain("Baseline entries that no longer exist:\n  - OldExecutionEngine  engines/old.py:4\n");
      expect((await run("--update-baseline")).code).toBe(0);
      expect(await run()).toMatchObject({ code: 0 });

      // A move is named as a move; the old entry is stale until the baseline is updated.
      p.remove("services/new_engine.py");
      p.write("engines/new_engine.py", `\n\n${engine("NewExecutionEngine")}`);
      const moved = await run();
      expect(moved.code).toBe(1);
      expect(moved.out).toContain(
        "Moved (same name and body):\n  > NewExecutionEngine  services/new_engine.py:3 -> engines/new_engine.py:3\n",
      );
      expect(moved.out).not.toContain("New members");
    } finally {
      rmSync(p.dir, { recursive: true, force: true });
    }
  });

  test("bad input exits 2", async () => {
    const cases: Array<[string[], string]> = [
      [["check", "."], "ERROR: check needs --baseline FILE or --branch BRANCH\n"],
      [["check", ".", "--branch", "main"], "ERROR: --branch needs --url (or CONVERGE_URL) and --project (or CONVERGE_PROJECT)\n"],
      [["check", ".", "--update-baseline", "--branch", "main"], "ERROR: --update-baseline needs --baseline FILE\n"],
    ];
    for (const [argv, stderr] of cases) {
      const io = capture();
      expect(await main(argv, io)).toBe(2);
      expect(io.err).toBe(stderr);
    }
  });
});

describe("converge check --branch (the server's last scan of the base branch)", () => {
  let store: TestDatabase;
  let server: IngestServer;
  let p: ReturnType<typeof project>;

  beforeAll(async () => {
    store = await createTestDatabase("sqlite");
    server = await startIngestServer(store.db);
    p = project();
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=A", "-c", "user.email=a@example.com", ...args], {
        cwd: p.dir,
        env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" },
      });
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "base");
  });

  afterAll(async () => {
    await server.close();
    await store.dispose();
    rmSync(p.dir, { recursive: true, force: true });
  });

  test("fails on a member the base branch does not have; a removal is fine", async () => {
    const env = { CONVERGE_URL: server.url, CONVERGE_PROJECT: server.slug, CONVERGE_TOKEN: server.token } as unknown as NodeJS.ProcessEnv;
    const posted = capture(env, p.dir);
    expect(await main(["scan", ".", "--format", "json", "--post"], posted)).toBe(0);

    const none = capture(env, p.dir);
    expect(await main(["check", ".", "--branch", "release"], none)).toBe(0);
    expect(none.err).toBe(`warning: the server has no scan of branch "release" in ${server.slug}; nothing to compare against\n`);

    p.write("engines/extra.py", engine("ExtraExecutionEngine"));
    const io = capture(env, p.dir);
    expect(await main(["check", ".", "--branch", "main"], io)).toBe(1);
    expect(io.out).toMatch(/^FAIL: 3 names counted \(baseline 2, target 2\) against main @ [0-9a-f]{7}\n/);
    expect(io.out).toContain("  + ExtraExecutionEngine  engines/extra.py:1  (core)\n");

    p.remove("engines/extra.py");
    p.remove("engines/old.py");
    const shrank = capture(env, p.dir);
    expect(await main(["check", ".", "--branch", "main"], shrank)).toBe(0);
    expect(shrank.out).toContain("Baseline entries that no longer exist:\n  - OldExecutionEngine  engines/old.py:4\n");
  });
});
