// `npm run pack:cli [-- --out DIR]`: bundles the user-side CLI (cli/user-main.ts and everything it reaches in
// lib/) into packages/cli/dist as plain JavaScript, ships the grammar wasm files and a minified TypeScript
// compiler beside it, and runs `npm pack`. The tarball's absolute path is the last line printed.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";
import { ADMIN_COMMANDS } from "@/cli/user-main";

const ROOT = resolve(import.meta.dirname, "..");
const PACKAGE = join(ROOT, "packages", "cli");
const DIST = join(PACKAGE, "dist");
const require = createRequire(join(ROOT, "package.json"));

/** The grammar wasm files lib/scanner/parsers.ts loads, by package specifier. */
const GRAMMARS = [
  "tree-sitter-python/tree-sitter-python.wasm",
  "tree-sitter-typescript/tree-sitter-typescript.wasm",
  "tree-sitter-typescript/tree-sitter-tsx.wasm",
  "tree-sitter-javascript/tree-sitter-javascript.wasm",
];

/** Server-side code: if a user-side command reaches it, the package would need the app; the build fails instead. */
const SERVER_PACKAGES = /^(next|react|react-dom|@prisma\/[^/]+|pg|better-sqlite3|recharts|tsx|@tanstack\/react-query)(\/|$)/;
const SERVER_FOLDERS = /[\\/]lib[\\/](db|ingest|queries|api|share|loaders)[\\/]/;

/** Modules that load files at run time through `createRequire(import.meta.url)`; see packages/cli/src/package-require.ts. */
const RUNTIME_REQUIRERS = /[\\/]lib[\\/]scanner[\\/](parsers|grammar-gaps)\.ts$/;

function cliPlugin(): Plugin {
  const adminImport = new RegExp(`^\\./commands/(${ADMIN_COMMANDS.join("|")})$`);
  return {
    name: "converge-cli",
    setup(b) {
      // cli/main.ts imports the admin commands lazily; user-main.ts refuses them before they load.
      b.onResolve({ filter: adminImport }, (args) =>
        args.importer.endsWith(join("cli", "main.ts")) ? { path: args.path, namespace: "admin-command" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "admin-command" }, () => ({ contents: "export {};", loader: "js" }));
      // worker.mjs falls back to tsx only when it cannot import TypeScript; the bundle always can.
      b.onResolve({ filter: /^tsx\/esm\/api$/ }, (args) =>
        args.importer.endsWith("worker.mjs") ? { path: args.path, namespace: "no-tsx" } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: "no-tsx" }, () => ({
        contents: 'export function register() { throw new Error("converge-scan runs plain JavaScript: tsx is not part of it"); }',
        loader: "js",
      }));
      b.onResolve({ filter: SERVER_PACKAGES }, (args) => ({
        errors: [{ text: `${args.importer} imports ${args.path}: server-side code cannot be part of the CLI package` }],
      }));
      b.onLoad({ filter: SERVER_FOLDERS }, (args) => ({
        errors: [{ text: `${args.path} is server-side code: a user-side command reaches it, so it cannot be part of the CLI package` }],
      }));
      b.onLoad({ filter: RUNTIME_REQUIRERS }, (args) => {
        const source = readFileSync(args.path, "utf8");
        const swapped = source.replace("createRequire(import.meta.url)", "packageRequire()");
        if (swapped === source) {
          return { errors: [{ text: `${args.path}: no createRequire(import.meta.url) to point at the package's files` }] };
        }
        const shim = JSON.stringify(join(PACKAGE, "src", "package-require.ts"));
        return { contents: `import { packageRequire } from ${shim};\n${swapped}`, loader: "ts", resolveDir: dirname(args.path) };
      });
    },
  };
}

async function bundleCli(): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: { converge: join(PACKAGE, "src", "bin.ts"), worker: join(ROOT, "lib", "scanner", "worker.mjs") },
    outdir: DIST,
    // chunks sit beside the entries: pool.ts starts new URL("./worker.mjs", import.meta.url)
    entryNames: "[name]",
    chunkNames: "[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: join(ROOT, "tsconfig.json"),
    legalComments: "none",
    logLevel: "warning",
    // bundled CommonJS (cli-progress) requires node built-ins: esbuild's __require calls this one
    banner: {
      js: 'import { createRequire as __convergeCreateRequire } from "node:module";\nconst require = __convergeCreateRequire(import.meta.url);',
    },
    plugins: [cliPlugin()],
  });
  const bin = join(DIST, "converge.mjs");
  writeFileSync(bin, `#!/usr/bin/env node\n${readFileSync(bin, "utf8")}`, { mode: 0o755 });
}

/** The compiler as one minified file: grammar-gaps.ts uses its parser and scanner. */
async function bundleTypeScript(): Promise<void> {
  await build({
    entryPoints: [require.resolve("typescript")],
    outfile: join(DIST, "typescript.cjs"),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: true,
    legalComments: "none",
    logLevel: "error",
  });
}

function copyWasm(): void {
  mkdirSync(join(DIST, "grammars"), { recursive: true });
  for (const grammar of GRAMMARS) copyFileSync(require.resolve(grammar), join(DIST, "grammars", basename(grammar)));
  // web-tree-sitter finds its runtime as new URL("web-tree-sitter.wasm", import.meta.url): the chunk's folder
  const runtime = join(dirname(require.resolve("web-tree-sitter")), "web-tree-sitter.wasm");
  copyFileSync(runtime, join(DIST, "web-tree-sitter.wasm"));
}

function pack(out: string): string {
  mkdirSync(out, { recursive: true });
  const json = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", out], {
    cwd: PACKAGE,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [result] = JSON.parse(json) as Array<{ filename: string }>;
  if (!result) throw new Error("npm pack printed no tarball");
  return join(out, basename(result.filename));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const out = resolve(values.out ?? PACKAGE);
  rmSync(DIST, { recursive: true, force: true });
  await Promise.all([bundleCli(), bundleTypeScript()]);
  copyWasm();
  const tarball = pack(out);
  process.stderr.write(`packed ${(statSync(tarball).size / 1e6).toFixed(2)} MB\n`);
  process.stdout.write(`${tarball}\n`);
}

await main();
