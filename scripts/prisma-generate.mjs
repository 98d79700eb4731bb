// Runs `prisma generate` for both dialects. Prisma 7 tries to download the native schema
// engine even though generate never runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at a stub
// that refuses to run keeps generate offline and makes any accidental migrate call fail loudly.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "prisma", "dialects.mjs"))) process.exit(0);
const { DIALECTS, schemaFor, schemaPathFor } = await import("../prisma/dialects.mjs");

const stubDir = join(root, "node_modules", ".cache", "converge");
const stub = join(stubDir, "schema-engine-stub.sh");
mkdirSync(stubDir, { recursive: true });
writeFileSync(
  stub,
  '#!/bin/sh\necho "converge: the native Prisma schema engine is not available offline; use npm run db:migrate" >&2\nexit 1\n',
);
chmodSync(stub, 0o755);

for (const dialect of DIALECTS) {
  const schemaPath = schemaPathFor(dialect);
  if (dialect !== "sqlite") {
    mkdirSync(dirname(schemaPath), { recursive: true });
    writeFileSync(schemaPath, `// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs: do not edit.\n${schemaFor(dialect)}`);
  }
  const result = spawnSync(
    process.execPath,
    [join(root, "node_modules", "prisma", "build", "index.js"), "generate", "--schema", schemaPath],
    {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
