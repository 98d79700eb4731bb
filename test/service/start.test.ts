// `npm start` as a service manager runs it: started, then stopped with a signal to the top process
// only (docker stop, systemd, CI). The real path (npm → node scripts/start.ts → next start, and
// `tsx scripts/start.ts` as the top process, as a container might run it)
// runs against a production build of the current sources (test/helpers/server.ts builds it once);
// CONVERGE_SKIP_BUILD=1 reuses it. After the stop, no process of the tree is left and the port is free.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureBuild, freePort } from "../helpers/server";

const ROOT = join(import.meta.dirname, "..", "..");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: tells a pid from a later process that reuses it. */
  started: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: fields are counted after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z") return null; // a zombie holds nothing: only its exit status is left
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
    return { pid, ppid: Number(fields[1]), started: fields[19] ?? "", command };
  } catch {
    return null;
  }
}

/** `top` and every process descended from it, read from /proc. */
function processTree(top: number): ProcessInfo[] {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)));
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all) if (info) children.set(info.ppid, [...(children.get(info.ppid) ?? []), info]);
  const tree: ProcessInfo[] = [];
  const root = readProcess(top);
  const queue = root ? [root] : [];
  for (let info = queue.shift(); info; info = queue.shift()) {
    tree.push(info);
    queue.push(...(children.get(info.pid) ?? []));
  }
  return tree;
}

/** The processes of `tree` still running (same pid and same start time). */
function survivors(tree: ProcessInfo[]): ProcessInfo[] {
  return tree.filter((info) => readProcess(info.pid)?.started === info.started);
}

async function waitFor<T>(what: string, probe: () => Promise<T | null> | T | null, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function portCanBeBound(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A copy of the built app to run `npm start` in: the build hard-linked (nothing is written into the
 * shared build, and the copy outlives it), the checkout's node_modules linked, and what start.ts
 * needs besides the build (scripts, migrations). Null when the build was replaced while copying.
 */
function appCopy(build: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), "converge-start-"));
  const app = join(dir, "app");
  mkdirSync(app);
  const copied = spawnSync(
    "sh",
    [
      "-c",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS template
      'for entry in "$1"/* "$1"/.next; do [ "${entry##*/}" = node_modules ] || cp -al "$entry" "$2/" || exit 1; done',
      "sh",
      build,
      app,
    ],
    {
      encoding: "utf8",
    },
  );
  if (copied.status !== 0 || !existsSync(join(app, ".next", "BUILD_ID"))) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  symlinkSync(join(ROOT, "node_modules"), join(app, "node_modules"));
  for (const entry of ["scripts", "prisma/migrations", "demo"]) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(app, entry), { recursive: true });
  }
  return dir;
}

interface Service {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startService(app: string, command: string[], extraEnv: Record<string, string> = {}): Promise<Service> {
  const port = await freePort();
  const [file = "", ...args] = command;
  const child = spawn(file, args, {
    cwd: app,
    // Its own process group and session, like a service: nothing but the test's signal reaches it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${join(app, "..", "converge.db")}`,
      CONVERGE_SKIP_BUILD: "1",
      CONVERGE_DEMO: "0",
      NODE_ENV: "production",
      ...extraEnv,
    },
  });
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  await waitFor(
    `npm start to answer on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before it answered:\n${log}`);
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/projects`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
      return response?.ok ? true : null;
    },
    90_000,
  );
  return { child, port, output: () => log, exited };
}

describe("npm start stops like a service", () => {
  let dir = "";
  let app = "";
  const started: ChildProcess[] = [];

  beforeAll(async () => {
    // Other test runs replace the shared build when the sources change: take a fresh one then.
    for (let attempt = 0; !dir && attempt < 3; attempt += 1) dir = appCopy(await ensureBuild()) ?? "";
    if (!dir) throw new Error("could not copy a production build three times in a row");
    app = join(dir, "app");
  }, 600_000);

  afterAll(() => {
    // Only if a test failed half-way: its own process group, by id.
    for (const child of started) {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts, checks the tree is what `npm start` runs, stops with `signal` to `target`, checks nothing is left. */
  async function stopAndCheck(command: string[], target: (tree: ProcessInfo[]) => ProcessInfo, signal: NodeJS.Signals) {
    const service = await startService(app, command);
    started.push(service.child);
    const top = service.child.pid ?? -1;
    const tree = processTree(top);
    expect(
      tree.some((info) => info.command.includes("scripts/start.ts")),
      JSON.stringify(tree),
    ).toBe(true);
    // `next start` renames itself (process.title), so its command line reads "next-server (v…)".
    expect(
      tree.some((info) => info.command.startsWith("next-server")),
      JSON.stringify(tree),
    ).toBe(true);
    expect(await portAcceptsConnections(service.port)).toBe(true);

    process.kill(target(tree).pid, signal);
    const left = await waitFor("every process of the tree to stop", () => (survivors(tree).length === 0 ? [] : null), 20_000).catch(() =>
      survivors(tree),
    );
    expect(left, service.output()).toEqual([]);
    expect(await portAcceptsConnections(service.port)).toBe(false);
    expect(await portCanBeBound(service.port)).toBe(true);
    return { exit: await service.exited, output: service.output() };
  }

  const tsx = ["node", "node_modules/tsx/dist/cli.mjs", "scripts/start.ts"];
  const isStartScript = (info: ProcessInfo) => info.command.includes("scripts/start.ts") && info.command.includes("loader.mjs");

  test("SIGTERM to npm stops start.ts and next start, and frees the port", async () => {
    const { exit, output } = await stopAndCheck(["npm", "start"], (tree) => tree[0] as ProcessInfo, "SIGTERM");
    // start.ts itself got the signal and passed it on (no tsx relay in between, see package.json).
    expect(output).toContain("[converge] SIGTERM: stopping");
    expect(exit, output).toEqual({ code: 143, signal: null });
  }, 180_000);

  test("SIGTERM to tsx as the top process (docker): it exits with the server's code, 143", async () => {
    const { exit } = await stopAndCheck(tsx, (tree) => tree[0] as ProcessInfo, "SIGTERM");
    expect(exit).toEqual({ code: 143, signal: null });
  }, 180_000);

  test("SIGINT (Ctrl-C) to tsx: the server's code is 130", async () => {
    const { exit } = await stopAndCheck(tsx, (tree) => tree[0] as ProcessInfo, "SIGINT");
    expect(exit).toEqual({ code: 130, signal: null });
  }, 180_000);

  test("kill -9 of start.ts: next start notices its parent is gone and stops by itself", async () => {
    const { exit } = await stopAndCheck(tsx, (tree) => tree.find(isStartScript) as ProcessInfo, "SIGKILL");
    // tsx reports its child's death by SIGKILL as 128 + 9.
    expect(exit.code).toBe(137);
  }, 180_000);
});
