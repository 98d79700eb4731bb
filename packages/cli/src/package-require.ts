// Stands in for `createRequire(import.meta.url)` in the scanner modules that load files at run time
// (lib/scanner/parsers.ts: the grammar wasm files; lib/scanner/grammar-gaps.ts: the TypeScript compiler).
// The package ships those files in dist/ instead of depending on the grammar packages (they compile C
// at install) and on `typescript` (23 MB installed): the build swaps this in for those two modules.
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of the bundled chunk that holds this code: dist/. */
const DIST = dirname(fileURLToPath(import.meta.url));

export function packageRequire(): NodeJS.Require {
  const base = createRequire(import.meta.url);
  const load = ((id: string) => base(id === "typescript" ? join(DIST, "typescript.cjs") : id)) as NodeJS.Require;
  const resolve = ((id: string) =>
    id.endsWith(".wasm") ? join(DIST, "grammars", basename(id)) : base.resolve(id)) as NodeJS.RequireResolve;
  resolve.paths = base.resolve.paths;
  load.resolve = resolve;
  load.cache = base.cache;
  load.main = base.main;
  load.extensions = base.extensions;
  return load;
}
