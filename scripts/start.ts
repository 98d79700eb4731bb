/**
 * npm start: migrate the store, seed the demo project through the ingest path, build, serve.
 *   PORT=3000 (default)   CONVERGE_DEMO=0 to skip the demo   CONVERGE_SKIP_BUILD=1 to reuse .next
 *
 * A well-behaved service: SIGTERM or SIGINT, at any step, is passed on to the running child
 * (`next build` or `next start`), which gets 8 s to stop before SIGKILL; the script then exits with
 * the server's exit code (143 after SIGTERM). If this process dies without passing a signal on
 * (kill -9), its children notice and stop themselves (scripts/exit-with-parent.cjs).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { join } from "node:path";
import { trustsProxy } from "@/lib/api/origin";
import { failedAuthLimiter, ingestRateLimiter } from "@/lib/auth/rate-limit";
import { createDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { databaseUrl, dialectOf } from "@/lib/db/url";
import { seedDemo, seedDemoRepository } from "@/lib/ingest/demo";
import { staleDaysFromEnv } from "@/lib/analytics/freshness";

const root = join(import.meta.dirname, "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const url = databaseUrl();
const next = join(root, "node_modules", "next", "dist", "bin", "next");
const exitWithParent = join(import.meta.dirname, "exit-with-parent.cjs");

const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;
type StopSignal = (typeof STOP_SIGNALS)[number];
/** Docker waits 10 s before its own SIGKILL: a stuck server is killed first, so this script still reports. */
const STOP_GRACE_MS = 8_000;

let running: ChildProcess | null = null;
let stopping: StopSignal | null = null;

const exitCodeOf = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 0);

/** Passes a stop signal on to the running child once (repeats, e.g. from a whole process group, add nothing). */
function stop(signal: StopSignal): void {
  if (stopping) return;
  stopping = signal;
  const child = running;
  if (!child) process.exit(exitCodeOf(signal)); // between steps: nothing else to stop
  console.log(`[converge] ${signal}: stopping`);
  child.kill(signal);
  setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS).unref();
}

/** Runs `node next <args>` as the one running child; resolves with its exit code (128 + n after signal n). */
function runNext(args: string[]): Promise<number> {
  const child = spawn(process.execPath, ["--require", exitWithParent, next, ...args], { cwd: root, env, stdio: "inherit" });
  running = child;
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      running = null;
      resolve(code ?? exitCodeOf(signal ?? "SIGKILL"));
    });
  });
}

/** A malformed setting fails here, at start, rather than on the first request that reads it. */
function checkSettings(): void {
  trustsProxy();
  ingestRateLimiter();
  failedAuthLimiter();
  staleDaysFromEnv();
}

async function main(): Promise<void> {
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
  checkSettings();
  const applied = await applyMigrations(url);
  console.log(`[converge] store: ${dialectOf(url)} (${applied.length} migration(s) applied)`);

  if (process.env.CONVERGE_DEMO !== "0") {
    const db = createDb(url);
    try {
      const demo = await seedDemo(db, join(root, "demo", "scans"));
      console.log(
        `[converge] demo project: ${demo.created} scan(s) ingested, ${demo.moved} moved to end this week, ${demo.existing} already present`,
      );
      if (demo.createdToken) console.log(`[converge] demo ingest token (shown once): ${demo.createdToken}`);
      const repository = await seedDemoRepository(db);
      console.log(`[converge] demo repository: ${repository.written} commit(s) of 4 families written`);
      if (repository.createdToken) console.log(`[converge] demo repository ingest token (shown once): ${repository.createdToken}`);
    } finally {
      await db.$disconnect();
    }
  }

  if (process.env.CONVERGE_SKIP_BUILD !== "1") {
    const built = await runNext(["build"]);
    if (built !== 0) process.exit(built);
    if (stopping) process.exit(exitCodeOf(stopping));
  }
  const port = process.env.PORT ?? "3000";
  console.log(`[converge] serving on http://localhost:${port}`);
  process.exit(await runNext(["start", "-p", port]));
}

main().catch((error: unknown) => {
  console.error(`[converge] start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
