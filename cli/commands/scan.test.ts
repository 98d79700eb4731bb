import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { InventorySchema } from "@/lib/contract/inventory";
import { PYTHON_FIXTURE, tempCopy } from "@/test/scanner/helpers";
import type { CommandIo } from "../errors";
import { main } from "../main";

const ROOT = join(import.meta.dirname, "..", "..");

function capture(): CommandIo & { out: string; err: string } {
  const io: CommandIo & { out: string; err: string } = {
    out: "",
    err: "",
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    env: {} as NodeJS.ProcessEnv,
    cwd: ROOT,
    interactive: false,
  };
  return io;
}

describe("converge scan", () => {
  test("--format json prints one inventory that passes the contract", async () => {
    const io = capture();
    const code = await main(["scan", "test/fixtures/scanner/python", "--format", "json"], io);
    expect(code).toBe(0);
    expect(io.err).toBe("");
    const inventory = InventorySchema.parse(JSON.parse(io.out));
    expect(inventory.members.map((m) => m.name)).toHaveLength(24);
    // The plan counts names by default: a name defined twice counts once.
    const countedNames = new Set(inventory.members.filter((m) => m.counted).map((m) => m.name));
    expect(inventory.totals.counted).toBe(countedNames.size);
    expect(inventory.totals.counted).toBeLessThan(inventory.members.filter((m) => m.counted).length);
  });

  test("--check exits 1 when a check fails; the report is still printed", async () => {
    const io = capture();
    expect(await main(["scan", "test/fixtures/scanner/python", "--check", "--format", "markdown"], io)).toBe(1);
    expect(io.out.split("\n")[0]).toMatch(/^### ExecutionEngine: 19 names? counted \/ target 8$/);
  });

  test("a passing plan exits 0 with --check", async () => {
    const dir = tempCopy(join(PYTHON_FIXTURE, "netra", "agents"));
    writeFileSync(
      join(dir, "converge.config.json"),
      JSON.stringify({ primary: "UserExecutionEngine", target: 20, checks: { maxSignatureGroups: 3, maxEventChannels: 3 } }),
    );
    const io = capture();
    expect(await main(["scan", dir, "--check"], io)).toBe(0);
    expect(io.out).toMatch(/ (\d+)\/\1 checks pass/);
  });

  test("bad input exits 2 with one line naming the problem", async () => {
    const dir = tempCopy(join(PYTHON_FIXTURE, "netra", "agents"));
    writeFileSync(join(dir, "converge.config.json"), '{"primary": "UserExecutionEngine", "targett": 8}');
    const cases: Array<[string[], string]> = [
      [["scan", dir], `ERROR: ${join(dir, "converge.config.json")}: targett: unknown key "targett"\n`],
      [["scan", "does/not/exist"], "ERROR: folder not found: does/not/exist\n"],
      [["scan", ".", "--format", "xml"], 'ERROR: --format must be table, json or markdown (got "xml")\n'],
      [["scan", ".", "--config", "missing.json"], "ERROR: missing.json: config file not found\n"],
    ];
    for (const [argv, stderr] of cases) {
      const io = capture();
      expect(await main(argv, io)).toBe(2);
      expect(io.err).toBe(stderr);
      expect(io.out).toBe("");
    }
    const unknown = capture();
    expect(await main(["scan", "--frobnicate"], unknown)).toBe(2);
    expect(unknown.err).toMatch(/^ERROR: Unknown option '--frobnicate'/);
  });

  test("no config file: the defaults are used with a warning; a family that matches nothing is a warning too", async () => {
    const dir = tempCopy(join(PYTHON_FIXTURE, "netra", "agents"));
    const io = capture();
    expect(await main(["scan", dir, "--format", "json"], io)).toBe(0);
    expect(InventorySchema.parse(JSON.parse(io.out)).members.length).toBeGreaterThan(0);
    expect(io.err).toBe(
      `warning: no config file found for ${dir} (converge.config.json, .converge.json, package.json#converge): using the built-in defaults (pattern ExecutionEngine); pass --config FILE\n`,
    );

    writeFileSync(join(dir, "converge.config.json"), JSON.stringify({ pattern: "Backend$" }));
    const empty = capture();
    expect(await main(["scan", dir, "--format", "json"], empty)).toBe(0);
    const inventory = InventorySchema.parse(JSON.parse(empty.out));
    expect(inventory.members).toEqual([]);
    expect(inventory.files.scanned).toBeGreaterThan(0);
    expect(empty.err).toBe(
      `warning: no members match /Backend$/ in ${inventory.files.scanned} files: check pattern, include and exclude\n`,
    );
  });

  test("one set of post flags: --url is the server, the same as --post URL; stray post flags are refused", async () => {
    const cases: Array<[string[], string]> = [
      [["scan", ".", "--post", "--url", "http://127.0.0.1:9"], "ERROR: --post needs --project (or CONVERGE_PROJECT)\n"],
      [
        ["scan", ".", "--post", "--url", "ftp://example.com", "--project", "p", "--token", "t"],
        "ERROR: not an http(s) URL: ftp://example.com\n",
      ],
      [
        ["scan", ".", "--post", "http://a.example", "--url", "http://b.example"],
        "ERROR: --post http://a.example and --url http://b.example name two servers\n",
      ],
      [["scan", ".", "--url", "http://127.0.0.1:9"], "ERROR: --url only apply with --post\n"],
      [["scan", ".", "--replace"], "ERROR: --replace only apply with --post\n"],
      [["backfill", ".", "--url", "http://127.0.0.1:9", "--replace"], "ERROR: --url and --replace only apply with --post\n"],
    ];
    for (const [argv, stderr] of cases) {
      const io = capture();
      expect(await main(argv, io)).toBe(2);
      expect(io.err).toBe(stderr);
    }
    const help = capture();
    expect(await main(["scan", "--help"], help)).toBe(0);
    expect(help.out).toContain("--url URL");
    expect(help.out).toContain("--replace");
  });

  test("--help lists grouped options and examples", async () => {
    const io = capture();
    expect(await main(["scan", "--help"], io)).toBe(0);
    for (const section of ["Usage", "Scope", "Output", "Checks", "Exit codes", "Examples"]) expect(io.out).toContain(`\n${section}\n`);
  });

  test("as a real process: exit codes 0, 1 and 2, progress never on a non-TTY stderr", async () => {
    const run = async (args: string[]) => {
      try {
        const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "cli/main.ts", "scan", ...args], {
          cwd: ROOT,
          env: { ...process.env, NO_COLOR: "1" },
        });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };
    const [ok, failing, bad] = await Promise.all([
      run(["test/fixtures/scanner/python", "--format", "json"]),
      run(["test/fixtures/scanner/python", "--check"]),
      run(["test/fixtures/scanner/python", "--config", "test/fixtures/scanner/bad-config/converge.config.json"]),
    ]);
    expect(ok.code).toBe(0);
    expect(InventorySchema.parse(JSON.parse(ok.stdout)).members).toHaveLength(24);
    expect(ok.stderr).not.toContain("scanning");
    expect(failing.code).toBe(1);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("ERROR: test/fixtures/scanner/bad-config/converge.config.json: phases[0].due: Invalid ISO date");
  });
});
