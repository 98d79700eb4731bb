#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx, so there is no build step.
import { register } from "tsx/esm/api";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Our tsconfig (the `@/` paths), not the one of the folder converge runs in.
register({ tsconfig: join(root, "tsconfig.json") });
process.argv[1] = join(root, "cli", "main.ts");
await import(pathToFileURL(process.argv[1]).href);
