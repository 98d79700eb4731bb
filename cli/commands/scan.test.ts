import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InventorySchema, PortfolioInventorySchema } from "@/lib/contract/inventory";
import { buildPortfolioFixture, SINGLE_FAMILY_CONFIGS, THREE_FAMILY_CONFIG, type PortfolioFixture } from "@/test/helpers/portfolio-fixture";
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

describe("converge scan with a families config (a portfolio)", () => {
  let fixture: PortfolioFixture;
  let head: string;
  const run = async (argv: string[]) => {
    const io = capture();
    const code = await main(argv, io);
    return { code, out: io.out, err: io.err };
  };

  beforeAll(() => {
    fixture = buildPortfolioFixture();
    head = fixture.commits.at(-1) as string;
  });
  afterAll(() => fixture?.dispose());

  test("--format json prints one PortfolioInventory; each family equals a one-family scan of it", async () => {
    const { code, out, err } = await run(["scan", fixture.dir, "--format", "json"]);
    expect(code).toBe(0);
    expect(err).toBe("");
    const portfolio = PortfolioInventorySchema.parse(JSON.parse(out));
    expect(portfolio.kind).toBe("portfolio");
    expect(portfolio.commit.sha).toBe(head);
    expect(portfolio.families.map((f) => [f.slug, f.name, f.issue, f.totals.counted, f.plan.target])).toEqual([
      ["websocket", "WebSocket manager", "https://github.com/acme/netra/issues/1104", 4, 1],
      ["agent-registry", "Agent registry", "https://github.com/acme/netra/issues/1116", 4, 1],
      ["database", "Database layer", null, 3, 2],
    ]);
    for (const family of portfolio.families) {
      const config = join(fixture.dir, "..", `${family.slug}-${head.slice(0, 8)}.json`);
      writeFileSync(config, JSON.stringify(SINGLE_FAMILY_CONFIGS[family.slug]));
      const alone = await run(["scan", fixture.dir, "--format", "json", "--config", config]);
      expect(alone.code).toBe(0);
      const inventory = InventorySchema.parse(JSON.parse(alone.out));
      const { slug: _slug, name: _name, issue: _issue, ...own } = family;
      expect(own, family.slug).toEqual(inventory);
      expect(family.members.length).toBeGreaterThan(0);
    }
  });

  test("--format table: a header, the repository's summary line, one section per family", async () => {
    const { code, out } = await run(["scan", fixture.dir]);
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines.slice(0, 2)).toEqual([
      `converge scan · 3 consolidations · ${head.slice(0, 12)} on main (2026-02-18T09:00:00+00:00)`,
      "3 consolidations: 0 done, 3 open, 0 empty · 11 counted / target 4 · 8 of 21 checks fail",
    ]);
    expect(lines.filter((line) => line.startsWith("== "))).toEqual([
      "== websocket: WebSocket manager (open) · https://github.com/acme/netra/issues/1104 ==",
      "== agent-registry: Agent registry (open) · https://github.com/acme/netra/issues/1116 ==",
      "== database: Database layer (open) ==",
    ]);
    expect(lines.filter((line) => line.startsWith("converge scan · pattern "))).toHaveLength(3);
    expect(out).toContain("WebSocketManager ×2 ");
  });

  test("--format markdown: a summary table, then a heading per family; --check fails on any family", async () => {
    const { code, out } = await run(["scan", fixture.dir, "--format", "markdown", "--check"]);
    expect(code).toBe(1);
    const lines = out.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "## Portfolio: 3 consolidations",
      "",
      `3 consolidations: 0 done, 3 open, 0 empty · 11 counted / target 4 · 8 of 21 checks fail · ${head.slice(0, 12)} on main (2026-02-18T09:00:00+00:00)`,
    ]);
    expect(lines.filter((line) => line.startsWith("#"))).toEqual([
      "## Portfolio: 3 consolidations",
      "### WebSocket manager (`websocket`): 4 names counted / target 1",
      "### Agent registry (`agent-registry`): 4 names counted / target 1",
      "### Database layer (`database`): 3 definitions counted / target 2",
    ]);
    for (const row of [
      "| WebSocket manager `websocket` | open | 4 names counted / target 1 | 4 names (5 definitions) | 3 | `https://github.com/acme/netra/issues/1104` |",
      "| Agent registry `agent-registry` | open | 4 names counted / target 1 | 4 names (4 definitions) | 2 | `https://github.com/acme/netra/issues/1116` |",
      "| Database layer `database` | open | 3 definitions counted / target 2 | 4 definitions (4 names) | 3 | – |",
    ]) {
      expect(lines).toContain(row);
    }
  });

  test("a family's name is escaped in markdown and stripped of control characters at a terminal; an empty family is a warning naming it", async () => {
    const evil = "<img src=x onerror=alert(1)> *Evil* @team \u001b[31mred";
    const config = join(fixture.dir, "..", `evil-${head.slice(0, 8)}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        ...THREE_FAMILY_CONFIG,
        families: [
          { ...THREE_FAMILY_CONFIG.families[0], name: evil },
          { slug: "nothing", name: "Nothing", pattern: "NoSuchClassAnywhere", target: 0 },
        ],
      }),
    );
    const markdown = await run(["scan", fixture.dir, "--format", "markdown", "--config", config]);
    expect(markdown.code).toBe(0);
    expect(markdown.out).toContain("### &lt;img src=x onerror=alert(1)&gt; \\*Evil\\* \\@team \uFFFD\\[31mred (`websocket`)");
    expect(markdown.out).not.toContain("\u001b");
    expect(markdown.out).not.toContain("<img");
    expect(markdown.out).toContain("### Nothing (`nothing`): 0 names counted / target 0");
    expect(markdown.out.split("\n")[2]).toMatch(/^2 consolidations: 0 done, 1 open, 1 empty · 4 counted \/ target 1 · /);
    expect(markdown.err).toBe("nothing: warning: no members match /NoSuchClassAnywhere/ in 16 files: check pattern, include and exclude\n");
    const table = await run(["scan", fixture.dir, "--config", config]);
    expect(table.out).toContain("== websocket: <img src=x onerror=alert(1)> *Evil* @team \uFFFD[31mred (open) ·");
    expect(table.out).not.toContain("\u001b");
  });

  test("posting: a families config posts to a repository (--project is refused naming --repository), a single one to a project", async () => {
    const project = await run(["scan", fixture.dir, "--post", "http://127.0.0.1:9", "--project", "p", "--token", "t"]);
    expect(project.code).toBe(2);
    expect(project.err).toBe(
      "ERROR: --project is for a single-family config; a config with families posts to a repository: use --repository\n",
    );
    expect(project.out).toBe("");
    const missing = await run(["scan", fixture.dir, "--post", "http://127.0.0.1:9", "--token", "t"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe("ERROR: --post needs --repository (or CONVERGE_REPOSITORY)\n");
    const single = join(fixture.dir, "..", `single-${head.slice(0, 8)}.json`);
    writeFileSync(single, JSON.stringify(SINGLE_FAMILY_CONFIGS.websocket));
    const repository = await run(["scan", fixture.dir, "--config", single, "--post", "http://127.0.0.1:9", "--repository", "r"]);
    expect(repository.code).toBe(2);
    expect(repository.err).toBe(
      "ERROR: --repository is for a config with families; a single-family config posts to a project: use --project\n",
    );
  });
});
