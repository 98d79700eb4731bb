// Real `next start` processes for server-level tests and the ingest benchmark.
// The app is built once per source state into a copy of the repository under the temp dir
// (node_modules hard-linked), never into ./.next, which the Playwright e2e run owns. A build is
// reused while the sources hash the same; concurrent callers wait on a lock directory.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** What `next build` reads: hashed to decide whether a build can be reused, then copied. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "assets",
  "public",
  "types",
  "prisma/schema.prisma",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "package.json",
  "packages/cli/package.json", // lib/version.ts reads the version from it
  "package-lock.json",
  "tsconfig.json",
];
const SKIP = new Set(["node_modules", ".next", ".DS_Store"]);

function listFiles(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isFile()) {
    out.push(path);
    return;
  }
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(path).sort()) {
    if (!SKIP.has(entry)) listFiles(join(path, entry), out);
  }
}

export function sourceHash(root: string = ROOT): string {
  const hash = createHash("sha256");
  for (const input of BUILD_INPUTS) {
    const files: string[] = [];
    listFiles(join(root, input), files);
    for (const file of files) {
      hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex").slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock directory holding the owner's pid; a lock whose owner died is taken over. */
async function withLock<T>(path: string, work: () => Promise<T>, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, "pid"), String(process.pid));
      break;
    } catch {
      const owner = Number(existsSync(join(path, "pid")) ? readFileSync(join(path, "pid"), "utf8") : Number.NaN);
      const age = existsSync(path) ? Date.now() - statSync(path).mtimeMs : 0;
      if ((Number.isInteger(owner) && !processAlive(owner)) || (!Number.isInteger(owner) && age > 10_000)) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${path}`);
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

const BUILD_PARENT = join(tmpdir(), "converge-test-builds");
/** Builds of other source states are kept this long: another test run in the same tree may still serve one. */
const STALE_BUILD_MS = 2 * 60 * 60 * 1000;

/** Removes builds nobody touched for STALE_BUILD_MS (never the lock, never a build another run may be using). */
function removeStaleBuilds(): void {
  for (const entry of readdirSync(BUILD_PARENT)) {
    if (entry === ".lock") continue;
    const path = join(BUILD_PARENT, entry);
    if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true });
  }
}

/**
 * A directory holding a production build of the current sources (built now if needed).
 * CONVERGE_TEST_BUILD_DIR points at an existing built copy instead (debugging).
 */
export async function ensureBuild(): Promise<string> {
  const preset = process.env.CONVERGE_TEST_BUILD_DIR;
  if (preset) return preset;
  const hash = sourceHash();
  const dir = join(BUILD_PARENT, hash);
  const stamp = join(dir, ".converge-build-ok");
  if (existsSync(stamp)) return dir;
  mkdirSync(BUILD_PARENT, { recursive: true });
  return withLock(join(BUILD_PARENT, ".lock"), async () => {
    if (existsSync(stamp)) return dir;
    removeStaleBuilds();
    mkdirSync(dir, { recursive: true });
    for (const input of BUILD_INPUTS) {
      const from = join(ROOT, input);
      if (existsSync(from)) cpSync(from, join(dir, input), { recursive: true, filter: (src) => !SKIP.has(src.split("/").pop() ?? "") });
    }
    // Hard links: no copy of 800 MB, and Turbopack sees real files inside the project root.
    const link = spawnSync("cp", ["-al", join(ROOT, "node_modules"), join(dir, "node_modules")], { encoding: "utf8" });
    if (link.status !== 0) throw new Error(`could not link node_modules into ${dir}: ${link.stderr}`);
    const started = Date.now();
    const build = spawnSync(process.execPath, [join(dir, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    writeFileSync(join(dir, "build.log"), `${build.stdout}\n${build.stderr}`);
    if (build.status !== 0) {
      throw new Error(`next build failed in ${dir} (see build.log):\n${`${build.stdout}\n${build.stderr}`.slice(-3000)}`);
    }
    writeFileSync(stamp, `built in ${Date.now() - started} ms\n`);
    return dir;
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  /** An absolute `file:` URL or a postgres:// URL; the store must already be migrated. */
  databaseUrl: string;
  /** Extra environment. CONVERGE_RATE_LIMIT and CONVERGE_AUTH_FAILURE_LIMIT default to `off` unless set here. */
  env?: Record<string, string>;
  port?: number;
  /** Node flags for the server process, e.g. ["--cpu-prof"] when profiling. */
  nodeArgs?: string[];
}

export interface TestServer {
  url: string;
  port: number;
  pid: number;
  process: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
  /** SIGKILL now: no shutdown handler runs. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** `next start` on a free loopback port against `databaseUrl`, ready when /api/v1/projects answers. */
export async function startServer(options: ServerOptions): Promise<TestServer> {
  const dir = await ensureBuild();
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), join(dir, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: dir,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        CONVERGE_RATE_LIMIT: "off",
        CONVERGE_AUTH_FAILURE_LIMIT: "off",
        ...options.env,
        DATABASE_URL: options.databaseUrl,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-200_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  const url = `http://127.0.0.1:${port}`;
  const server: TestServer = {
    url,
    port,
    pid: child.pid ?? -1,
    process: child,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited(child);
      clearTimeout(timer);
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited(child);
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log.slice(-3000)}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/projects`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.kill();
        throw new Error(`next start did not answer on ${url} within 60 s:\n${log.slice(-3000)}`);
      }
      await sleep(100);
    }
  }
}
