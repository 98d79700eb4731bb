#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx, so there is no build step.
import { register } from "tsx/esm/api";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

register();
process.argv[1] = join(dirname(fileURLToPath(import.meta.url)), "..", "cli", "main.ts");
await import(pathToFileURL(process.argv[1]).href);
