// The converge-scan package as a tracked repository's CI gets it: `npm run pack:cli`, `npm install <tarball>`
// into an empty folder (nothing else there), then the installed `converge` scans and backfills a real git
// repository, posts into a running Converge server (`next start`), and runs through the GitHub Action's steps.
// Its output equals the in-repository CLI's (one source), and nothing server-side is installed with it.
import { spawnSync } from "node:child_process";
import { get as httpGet } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { main } from "@/cli/main";
import { type Inventory, InventorySchema } from "@/lib/contract/inventory";
import { ScanListResponseSchema, type ScanSummary } from "@/lib/contract/responses";
import { resolveConfig, toExtractOptions } from "@/lib/scanner/config";
import { createMultiExtractor } from "@/lib/scanner/extract";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { seedProject } from "../hardening/http";
import { buildHistoryFixture, type HistoryFixture } from "../history/fixture";
import { capture } from "../history/io";
import { readAction, ROOT, runAction } from "./action";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8")) as { version: string }).version;
const SERVER_SIDE = ["next", "react", "react-dom", "@prisma/client", "prisma", "tsx", "recharts", "better-sqlite3", "pg"];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Run {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The in-repository CLI (cli/main.ts, in this process): what the package must print too. */
async function inRepo(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture({ ...process.env, CONVERGE_URL: "", CONVERGE_TOKEN: "", CONVERGE_PROJECT: "" });
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** A scan of a working tree carries the time of the scan; everything else must match. */
function withoutScanTime(inventory: Inventory): Inventory {
  return { ...inventory, commit: { ...inventory.commit, date: "(scan time)" } };
}

/** The stored scans, read over a fresh connection: a pooled one may be closed by the server while a CLI run is going on. */
function storedScans(server: TestServer, slug: string): Promise<ScanSummary[]> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${server.url}/api/v1/projects/${slug}/scans`, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        try {
          expect(response.statusCode).toBe(200);
          resolve(ScanListResponseSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8"))).scans);
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on("error", reject);
  });
}

describe("the packed converge-scan CLI", () => {
  let temp: string;
  let tarball: string;
  let installed: string;
  let converge: string;
  let fixture: HistoryFixture;
  let store: TestDatabase;
  let server: TestServer | undefined;

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), "converge-package-"));
    const packed = run("npm", ["run", "-s", "pack:cli", "--", "--out", join(temp, "dist")], ROOT);
    expect(packed.stderr).not.toMatch(/^npm error|✘ \[ERROR\]/m);
    expect(packed.status).toBe(0);
    tarball = packed.stdout.trimEnd().split("\n").at(-1) ?? "";
    installed = join(temp, "fresh");
    run("mkdir", ["-p", installed], temp);
    writeFileSync(join(installed, "package.json"), `${JSON.stringify({ name: "fresh", private: true }, null, 2)}\n`);
    const install = run("npm", ["install", "--no-audit", "--no-fund", tarball], installed);
    expect(install.stderr).not.toMatch(/npm error/);
    expect(install.status).toBe(0);
    converge = join(installed, "node_modules", ".bin", "converge");
    fixture = buildHistoryFixture();
    store = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: store.url });
  }, 900_000);

  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
    fixture?.dispose();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  test("pack:cli prints the tarball's path last; the install holds the package alone, nothing server-side", () => {
    expect(tarball).toBe(join(temp, "dist", `converge-scan-${VERSION}.tgz`));
    expect(existsSync(tarball)).toBe(true);
    const modules = join(installed, "node_modules");
    expect(readdirSync(modules).filter((entry) => !entry.startsWith("."))).toEqual(["converge-scan"]);
    for (const name of SERVER_SIDE) expect(existsSync(join(modules, name)), name).toBe(false);
    const manifest = JSON.parse(readFileSync(join(modules, "converge-scan", "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.bin).toEqual({ converge: "dist/converge.mjs" });
  });

  test("--version is the package's; --help lists the user-side commands only; admin commands exit 2 pointing at the app", () => {
    expect(run(converge, ["--version"], installed)).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: "" });
    const help = run(converge, ["--help"], installed);
    expect(help.status).toBe(0);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1]);
    expect(commands).toContain("scan");
    expect(commands).toContain("backfill");
    expect(commands).toContain("digest");
    expect(commands).toContain("explain");
    expect(commands).not.toContain("project");
    expect(help.stdout).not.toMatch(/converge project /);
    const admin = run(converge, ["project", "list"], installed);
    expect(admin).toEqual({
      status: 2,
      stdout: "",
      stderr:
        "ERROR: converge project is an admin command: run it where the Converge app and its database are (npm run converge -- project …)\n",
    });
  });

  test("converge scan of a git repository: the in-repository CLI's inventory, scanner version included", async () => {
    const scan = run(converge, ["scan", fixture.dir, "--format", "json"], installed);
    expect(scan.stderr).toBe("");
    expect(scan.status).toBe(0);
    const inventory = InventorySchema.parse(JSON.parse(scan.stdout));
    expect(inventory.scanner).toEqual({ name: "converge", version: VERSION });
    expect(inventory.commit.sha).toBe(fixture.commits.at(-1));
    const expected = await inRepo(["scan", fixture.dir, "--format", "json"]);
    expect(expected.code).toBe(0);
    expect(withoutScanTime(inventory)).toEqual(withoutScanTime(InventorySchema.parse(JSON.parse(expected.out))));
    expect(inventory.members.map((member) => [member.name, member.classification, member.file])).toEqual([
      ["LegacyExecutionEngine", "legacy", "compat/legacy.py"],
      ["ExecutionEngine", "legacy", "engines/alias.py"],
      ["ShimExecutionEngine", "legacy", "engines/legacy_shim.py"],
      ["QuickExecutionEngine", "core", "engines/speedy.py"],
      ["UserExecutionEngine", "primary", "engines/user.py"],
      ["WebExecutionEngine", "core", "web/engine.ts"],
    ]);
    expect([inventory.totals.counted, inventory.plan.target]).toEqual([6, 2]);
  });

  test("converge backfill --post stores one scan per commit, equal to what the in-repository CLI computes", async () => {
    const sampling = ["--every", "commit", "--since", "2026-01-01", "--no-cache"];
    const local = await inRepo(["backfill", fixture.dir, ...sampling, "--format", "json"]);
    expect(local.code).toBe(0);
    const expected = (JSON.parse(local.out) as unknown[]).map((item) => InventorySchema.parse(item));
    expect(expected.map((inventory) => inventory.commit.sha)).toEqual(fixture.commits);

    const printed = run(converge, ["backfill", fixture.dir, ...sampling, "--format", "json"], installed);
    expect(printed.status).toBe(0);
    expect((JSON.parse(printed.stdout) as unknown[]).map((item) => InventorySchema.parse(item))).toEqual(expected);

    const project = await seedProject(store.db, "engines");
    const url = (server as TestServer).url;
    const posted = run(
      converge,
      ["backfill", fixture.dir, ...sampling, "--post", url, "--project", "engines", "--token", project.token],
      installed,
    );
    expect(posted.status).toBe(0);
    const scans = await storedScans(server as TestServer, "engines");
    const bySha = new Map(scans.map((scan) => [scan.commit.sha, scan]));
    expect([...bySha.keys()].sort()).toEqual([...fixture.commits].sort());
    for (const inventory of expected) {
      const stored = bySha.get(inventory.commit.sha ?? "");
      expect(stored?.scanner).toEqual({ name: "converge", version: VERSION });
      expect(stored?.totals.counted).toBe(inventory.totals.counted);
      expect(stored?.commit.date).toBe(new Date(inventory.commit.date).toISOString());
      expect(stored?.target).toBe(inventory.plan.target);
    }

    const again = run(
      converge,
      ["backfill", fixture.dir, ...sampling, "--post", url, "--project", "engines", "--token", project.token],
      installed,
    );
    expect(again.status).toBe(0);
    expect(await storedScans(server as TestServer, "engines")).toHaveLength(fixture.commits.length);
  });

  test("the bundled worker extracts Python and current TypeScript (grammar bridge, shipped compiler) as the sources do", async () => {
    // a generous time budget: the first TypeScript file of a thread also pays for loading the compiler
    const options = (pattern: string) => ({ ...toExtractOptions(resolveConfig({ pattern })), fileTimeoutMs: 120_000 });
    const families = [options("Engine|Decorated"), options("Repository")];
    const files = [
      { file: "engines/user.py", bytes: readFileSync(join(fixture.dir, "engines", "user.py")) },
      { file: "constructs.ts", bytes: readFileSync(join(ROOT, "test", "fixtures", "scanner", "grammar", "constructs.ts")) },
    ];
    // One job per file through dist/worker.mjs, the way lib/scanner/pool.ts drives it.
    const script = `
      import { Worker } from "node:worker_threads";
      const { worker, families, files } = JSON.parse(process.env.JOB);
      const w = new Worker(new URL(worker), { workerData: { families, tuning: {} } });
      const results = [];
      w.on("message", (message) => {
        if (message.ready || message.id !== undefined) {
          if (message.results) results.push(message.results);
          const next = files[results.length];
          if (next) w.postMessage({ id: results.length, file: next.file, bytes: Buffer.from(next.base64, "base64"), wanted: [0, 1] });
          else { console.log(JSON.stringify(results)); w.terminate(); }
        }
      });`;
    const job = {
      worker: `file://${join(installed, "node_modules", "converge-scan", "dist", "worker.mjs")}`,
      families,
      files: files.map((file) => ({ file: file.file, base64: file.bytes.toString("base64") })),
    };
    // a file, not --input-type=module -e: a worker inherits the parent's flags, and that one is refused there
    const driver = join(temp, "drive-worker.mjs");
    writeFileSync(driver, script);
    const result = run(process.execPath, [driver], installed, { ...process.env, JOB: JSON.stringify(job) });
    expect(result.stderr).toBe("");
    const fromWorker = JSON.parse(result.stdout) as unknown[];
    const extractor = await createMultiExtractor(families);
    const expected = files.map((file) => extractor.extractFile(file.file, file.bytes, [0, 1]));
    expect(fromWorker).toEqual(JSON.parse(JSON.stringify(expected)));
    const typescript = expected[1]?.[0];
    expect(typescript?.status).toBe("ok");
    expect(typescript?.members.map((member) => member.name).sort()).toEqual([
      "DecoratedAfterExport",
      "DefaultDecorated",
      "ExportedDecorated",
    ]);
  });

  test("the GitHub Action's steps install the tarball and post the scan of HEAD", async () => {
    const project = await seedProject(store.db, "engines-action");
    const runnerTemp = join(temp, "runner");
    run("mkdir", ["-p", runnerTemp], temp);
    const steps = runAction(readAction(), {
      inputs: {
        command: "scan",
        args: "--format table",
        package: tarball,
        "server-url": (server as TestServer).url,
        project: "engines-action",
        token: project.token,
      },
      runnerTemp,
      workspace: fixture.dir,
    });
    expect(steps.map((step) => [step.name, step.status])).toEqual([
      ["Install the converge CLI", 0],
      ["converge scan", 0],
    ]);
    expect(readFileSync(join(runnerTemp, "github-path"), "utf8")).toBe(`${join(runnerTemp, "converge-scan", "node_modules", ".bin")}\n`);
    const modules = join(runnerTemp, "converge-scan", "node_modules");
    expect(readdirSync(modules).filter((entry) => !entry.startsWith("."))).toEqual(["converge-scan"]);
    const scans = await storedScans(server as TestServer, "engines-action");
    expect(scans.map((scan) => [scan.commit.sha, scan.scanner.version])).toEqual([[fixture.commits.at(-1), VERSION]]);
    expect(basename(tarball)).toBe(`converge-scan-${VERSION}.tgz`);
  });
});
