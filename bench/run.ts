/**
 * npm run bench — every benchmark in bench/ (each `bench/<name>.ts` but this file), one after the
 * other, each in its own process. Exits non-zero when any of them fails.
 *   npm run bench -- ingest scan   runs only those
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const here = import.meta.dirname;
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((file) => file.endsWith(".ts") && file !== "run.ts" && !file.startsWith("_"))
  .map((file) => file.slice(0, -3))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench:${name} ===`);
  const result = spawnSync(process.execPath, [join(here, "..", "node_modules", "tsx", "dist", "cli.mjs"), join(here, `${name}.ts`)], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`bench:${name} exited with ${result.status ?? result.signal}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
