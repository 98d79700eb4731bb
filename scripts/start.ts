/**
 * npm start: migrate the store, seed the demo project through the ingest path, build, serve.
 *   PORT=3000 (default)   CONVERGE_DEMO=0 to skip the demo   CONVERGE_SKIP_BUILD=1 to reuse .next
 */
import { spawnSync, spawn } from "node:child_process";
import { join } from "node:path";
import { createDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { databaseUrl, dialectOf } from "@/lib/db/url";
import { seedDemo } from "@/lib/ingest/demo";

const root = join(import.meta.dirname, "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const url = databaseUrl();

async function main(): Promise<void> {
  const applied = await applyMigrations(url);
  console.log(`[converge] store: ${dialectOf(url)} (${applied.length} migration(s) applied)`);

  if (process.env.CONVERGE_DEMO !== "0") {
    const db = createDb(url);
    try {
      const demo = await seedDemo(db, join(root, "demo", "scans"));
      console.log(`[converge] demo project: ${demo.created} scan(s) ingested, ${demo.existing} already present`);
      if (demo.createdToken) console.log(`[converge] demo ingest token (shown once): ${demo.createdToken}`);
    } finally {
      await db.$disconnect();
    }
  }

  const next = join(root, "node_modules", "next", "dist", "bin", "next");
  if (process.env.CONVERGE_SKIP_BUILD !== "1") {
    const build = spawnSync(process.execPath, [next, "build"], { cwd: root, env, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const port = process.env.PORT ?? "3000";
  console.log(`[converge] serving on http://localhost:${port}`);
  const server = spawn(process.execPath, [next, "start", "-p", port], { cwd: root, env, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(`[converge] start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
