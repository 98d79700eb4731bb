/**
 * Converge's layer rules: scanner (pure) → sources → contract → ingest (every write) → store →
 * queries (reads) → pages/components. One rule per "never"; each says why. Run by `npm run lint:layers`.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "scanner-is-pure",
      comment:
        "The scanner is files in, inventory out: it runs in any repository's CI, so it knows no database, web framework, HTTP client or CLI.",
      severity: "error",
      from: { path: "^lib/scanner/", pathNot: "\\.test\\.ts$" },
      to: {
        path: [
          "^lib/(db|queries|ingest|api|auth|client|share|report)/",
          "^app/",
          "^components/",
          "^cli/",
          "node_modules/(next|react|react-dom|@prisma|pg|better-sqlite3|recharts)/",
        ],
      },
    },
    {
      name: "sources-and-history-know-no-store",
      comment: "Reading a working tree or git history feeds the scanner; storing is the server's job, reached only over HTTP.",
      severity: "error",
      from: { path: "^lib/(sources|history)/", pathNot: "\\.test\\.ts$" },
      to: {
        path: [
          "^lib/(db|queries|ingest|api|auth|share)/",
          "^app/",
          "^components/",
          "node_modules/(next|react|react-dom|@prisma|pg|better-sqlite3|recharts)/",
        ],
      },
    },
    {
      name: "contract-is-plain-zod",
      comment: "The contract is shared by the scanner, the CLI, the API and the browser: it may import zod and itself, nothing else.",
      severity: "error",
      from: { path: "^lib/contract/", pathNot: "\\.test\\.ts$" },
      to: { pathNot: ["^lib/contract/", "node_modules/zod/"] },
    },
    {
      name: "components-never-touch-the-store",
      comment: "Components render data they are given or fetch over the JSON API; Prisma and the store stay on the server.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: ["^lib/(db|queries|ingest)/", "node_modules/(@prisma|pg|better-sqlite3)/"] },
    },
    {
      name: "app-reads-through-queries-writes-through-ingest",
      comment:
        "Pages and route handlers never hold a database client or generated Prisma types: reads go through lib/queries (or a page loader), writes through lib/ingest.",
      severity: "error",
      from: { path: "^(app/|proxy\\.ts)" },
      to: { path: ["^lib/db/", "node_modules/(@prisma|pg|better-sqlite3)/"] },
    },
    {
      name: "queries-only-read",
      comment: "lib/queries is the read side; writes live in lib/ingest, and a read never depends on the write path.",
      severity: "error",
      from: { path: "^lib/queries/" },
      to: { path: "^lib/ingest/" },
    },
    {
      name: "ingest-returns-results-not-responses",
      comment:
        "Ingest returns results; route handlers turn them into HTTP responses through lib/api, so ingest can be called from scripts and tests.",
      severity: "error",
      from: { path: "^lib/ingest/" },
      to: { path: ["^lib/api/", "^app/", "node_modules/next/"] },
    },
    {
      name: "lib-does-not-reach-into-the-cli",
      comment: "The CLI depends on lib, never the reverse: the server must not bundle command-line code.",
      severity: "error",
      from: { path: "^lib/", pathNot: "\\.test\\.ts$" },
      to: { path: "^cli/" },
    },
    {
      name: "no-circular",
      comment: "A cycle hides which module owns what and breaks lazy loading.",
      severity: "error",
      from: { pathNot: "^lib/db/generated/" },
      to: { circular: true, viaOnly: { pathNot: "^lib/db/generated/" } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^lib/db/generated/", "^\\.next/", "^test/fixtures/", "^bench/\\.work/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
