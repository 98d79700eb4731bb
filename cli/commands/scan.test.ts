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
    expect(inventory.totals.counted).toBe(20);
  });

  test("--check exits 1 when a check fails; the report is still printed", async () => {
    const io = capture();
    expect(await main(["scan", "test/fixtures/scanner/python", "--check", "--format", "markdown"], io)).toBe(1);
    expect(io.out.split("\n")[0]).toBe("### ExecutionEngine: 20 counted / target 8");
  });

  test("a passing plan exits 0 with --check", async () => {
    const dir = tempCopy(join(PYTHON_FIXTURE, "netra", "agents"));
    writeFileSync(join(dir, "converge.config.json"), JSON.stringify({ primary: "UserExecutionEngine", target: 20, checks: { maxSignatureGroups: 3, maxEventChannels: 3 } }));
    const io = capture();
    expect(await main(["scan", dir, "--check"], io)).toBe(0);
    expect(io.out).toContain("6/6 checks pass");
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

  test("--help lists grouped options and examples", async () => {
    const io = capture();
    expect(await main(["scan", "--help"], io)).toBe(0);
    for (const section of ["Usage", "Scope", "Output", "Checks", "Exit codes", "Examples"]) expect(io.out).toContain(`\n${section}\n`);
  });

  test("as a real process: exit codes 0, 1 and 2, progress never on a non-TTY stderr", async () => {
    const run = async (args: string[]) => {
      try {
        const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "cli/main.ts", "scan", ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
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
    expect(bad.stderr).toContain('ERROR: test/fixtures/scanner/bad-config/converge.config.json: phases[0].due: Invalid ISO date');
  });
});
