// Drives Prisma's schema engine from Node without the native binary (which cannot be downloaded
// here): the same engine ships on npm as @prisma/schema-engine-wasm and talks to the database
// through the driver adapters. Dev and test tooling only (new migrations, drift checks); applying
// migrations at runtime is lib/db/migrate.ts, which needs nothing but the plain driver.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { dialectOf, sqliteFilePath, type Dialect } from "./url";

export type { Dialect };

/** Where a PostgreSQL shadow database is created when no URL is given. */
export const DEFAULT_SHADOW_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
const PG_CONNECT_TIMEOUT_MS = 5_000;
/** The OIDs adapter-pg cannot read ("char", used by pg_catalog) and what they are read as. */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Server on which PostgreSQL shadow databases are created and dropped. */
export function shadowPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHADOW_POSTGRES_URL?.trim() || env.TEST_POSTGRES_URL?.trim() || DEFAULT_SHADOW_POSTGRES_URL;
}

// ---------------------------------------------------------------------------------------------
// Loading the wasm module

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

// Kept on globalThis: the glue module is a process-wide singleton (node_modules is not re-evaluated
// per vitest file), and a second instantiation would swap the memory under live engines.
const GLUE_KEY = Symbol.for("converge.schemaEngineWasm");
type GlueHolder = { [GLUE_KEY]?: Promise<Glue> };

/** The glue module's functions, which are what the wasm module imports from it (by name). */
function wasmImports(glue: Glue): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = {};
  for (const [name, value] of Object.entries(glue)) if (typeof value === "function") imports[name] = value;
  return imports;
}

function loadGlue(): Promise<Glue> {
  const holder = globalThis as GlueHolder;
  holder[GLUE_KEY] ??= (async () => {
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // Node 20 cannot `import` a .wasm file (the package's entry point does): instantiate it by hand.
    const require = createRequire(import.meta.url);
    const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": wasmImports(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return holder[GLUE_KEY];
}

// ---------------------------------------------------------------------------------------------
// Adapter factories with the quirks handled

/** A migration-aware adapter factory plus what must be released after the engine is done. */
interface EngineConnection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/** Tracks every adapter handed to the engine so none outlives the call. */
class AdapterPool {
  private readonly open = new Set<SqlDriverAdapter>();
  track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.open.add(adapter);
    const dispose = adapter.dispose.bind(adapter);
    return {
      ...delegate(adapter),
      dispose: async () => {
        if (this.open.delete(adapter)) await dispose();
      },
    };
  }
  async closeAll(): Promise<void> {
    const left = [...this.open];
    this.open.clear();
    await Promise.allSettled(left.map((adapter) => adapter.dispose()));
  }
}

/** Bound copies of the adapter's methods (the adapters use #private fields, so no Proxy/prototype tricks). */
function delegate(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const out: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    dispose: () => adapter.dispose(),
  };
  const info = adapter.getConnectionInfo?.bind(adapter);
  if (info) out.getConnectionInfo = info;
  return out;
}

/** Quirk 1: the engine sends whole migration scripts through executeRaw; better-sqlite3 runs one statement. */
function withScriptFallback(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    ...delegate(adapter),
    executeRaw: async (query: SqlQuery) => {
      try {
        return await adapter.executeRaw(query);
      } catch (error) {
        if (query.args.length > 0 || !/more than one statement/i.test(errorMessage(error))) throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    },
  };
}

const IN_MEMORY = ":memory:";

function sqliteConnection(url: string): EngineConnection {
  const path = url === IN_MEMORY || url === `file:${IN_MEMORY}` ? IN_MEMORY : sqliteFilePath(url);
  const base = new PrismaBetterSqlite3({ url: path, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const adapters = new AdapterPool();
  return {
    factory: {
      provider: base.provider,
      adapterName: base.adapterName,
      connect: async () => adapters.track(withScriptFallback(await base.connect())),
      // The adapter's default shadow database is :memory:, which is what we want.
      connectToShadowDb: async () => adapters.track(withScriptFallback(await base.connectToShadowDb())),
    },
    close: () => adapters.closeAll(),
  };
}

type QueryFn = (...args: unknown[]) => unknown;
interface FieldsCarrier {
  fields?: { dataTypeID: number }[];
}

/**
 * Quirk 2: adapter-pg throws on catalog columns of type "char" (OID 18), which the engine reads
 * while describing a schema. pg already hands their values over as strings; relabel them as text.
 */
function readCharAsText(target: { query: unknown }): void {
  const original = (target.query as QueryFn).bind(target);
  target.query = (...args: unknown[]): unknown => {
    const out = original(...args);
    if (!(out instanceof Promise)) return out; // callback form: the pool's own internal calls
    return out.then((result: unknown) => {
      for (const field of (result as FieldsCarrier).fields ?? []) {
        if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
      }
      return result;
    });
  };
}

function charSafePool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, max: 2 });
  readCharAsText(pool); // pool.query(...) outside transactions
  pool.on("connect", (client) => readCharAsText(client)); // client.query(...) inside transactions
  return pool;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Quirk 3: adapter-pg's own shadow database is created from `{ ...config, database }`, but pg lets
 * a connectionString win over `database`, so the "shadow" would be the main database. We create a
 * throwaway database ourselves on `shadowServerUrl`, connect to it by URL, and drop it afterwards.
 */
function postgresConnection(url: string, shadowServerUrl: string): EngineConnection {
  const adapters = new AdapterPool();
  const shadows = new Set<string>();
  // One pool per connection: a PrismaPg whose external pool was disposed would fall back to a plain one.
  const connect = (target: string) => new PrismaPg(charSafePool(target), { disposeExternalPool: true }).connect();
  return {
    factory: {
      provider: "postgres",
      adapterName: "@prisma/adapter-pg",
      connect: async () => adapters.track(await connect(url)),
      connectToShadowDb: async () => {
        const name = `converge_shadow_${randomBytes(6).toString("hex")}`;
        await adminQuery(shadowServerUrl, `CREATE DATABASE "${name}"`);
        shadows.add(name);
        return adapters.track(await connect(withDatabase(shadowServerUrl, name)));
      },
    },
    close: async () => {
      await adapters.closeAll();
      for (const name of shadows) await adminQuery(shadowServerUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      shadows.clear();
    },
  };
}

function connectionFor(url: string, shadowServerUrl: string): EngineConnection {
  return dialectOf(url) === "postgres" ? postgresConnection(url, shadowServerUrl) : sqliteConnection(url);
}

// ---------------------------------------------------------------------------------------------
// Running the engine

/** Error from the engine, with the JS error behind an "External error id#N" when there is one. */
export class SchemaEngineError extends Error {
  override name = "SchemaEngineError";
}

async function withEngine<T>(
  url: string,
  schemaText: string,
  shadowServerUrl: string,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadGlue();
  const connection = connectionFor(url, shadowServerUrl);
  const bound = bindMigrationAwareSqlAdapterFactory(connection.factory);
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: [["schema.prisma", schemaText]] }, () => {}, bound);
    return await run(engine);
  } catch (error) {
    // Errors thrown inside the adapters reach us as "External error id#N": surface the original.
    const match = /External error id#(\d+)/.exec(errorMessage(error));
    const original = match ? bound.errorRegistry.consumeError(Number(match[1]))?.error : undefined;
    const detail = original === undefined ? "" : `\nCaused by: ${errorMessage(original)}`;
    throw new SchemaEngineError(`${firstLines(errorMessage(error))}${detail}`, { cause: original ?? error });
  } finally {
    engine?.free();
    await connection.close();
  }
}

function providerOf(schemaText: string): Dialect {
  const datasource = /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"([^"]+)"/.exec(schemaText);
  const provider = datasource?.[1];
  if (provider === "sqlite") return "sqlite";
  if (provider === "postgresql" || provider === "postgres") return "postgres";
  throw new SchemaEngineError(`schema has no sqlite/postgresql datasource provider (found ${provider ?? "none"})`);
}

/** The lock file Prisma keeps next to migrations: the engine refuses a migrations folder without it. */
export function migrationLockToml(dialect: Dialect): string {
  const provider = dialect === "postgres" ? "postgresql" : "sqlite";
  return `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`;
}

/** A migrations folder (`<NNNN>_<name>/migration.sql`, in name order) as the engine wants it. */
export function loadMigrationsList(dialect: Dialect, migrationsDir: string): MigrationList {
  const baseDir = resolve(migrationsDir);
  const lockPath = join(baseDir, "migration_lock.toml");
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(baseDir, entry.name, "migration.sql")))
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : migrationLockToml(dialect),
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: readFileSync(join(baseDir, name, "migration.sql"), "utf8") } },
    })),
  };
}

export interface DiffOptions {
  /** PostgreSQL server for the throwaway shadow database (default: shadowPostgresUrl()). */
  shadowServerUrl?: string;
}

/**
 * SQL that takes a database built from the committed migrations to `schemaText` ("" when they are
 * in sync). Replays the migrations into a shadow database: in memory for SQLite, a throwaway
 * database on the shadow server for PostgreSQL.
 */
export async function diffMigrationsToSchema(
  dialect: Dialect,
  migrationsDir: string,
  schemaText: string,
  options: DiffOptions = {},
): Promise<string> {
  if (providerOf(schemaText) !== dialect) throw new SchemaEngineError(`schema provider does not match dialect ${dialect}`);
  const shadowServerUrl = options.shadowServerUrl ?? shadowPostgresUrl();
  // The main connection is never written to: the migrations are replayed in the shadow database.
  const mainUrl = dialect === "postgres" ? shadowServerUrl : IN_MEMORY;
  const migrations = loadMigrationsList(dialect, migrationsDir);
  return withEngine(mainUrl, schemaText, shadowServerUrl, async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrations },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schemaText }] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  });
}

/**
 * SQL that takes the live database at `url` to `schemaText` ("" when the database already has
 * exactly that schema). Prisma's own `_prisma_migrations` table is not part of the comparison.
 */
export async function diffDatabaseToSchema(url: string, schemaText: string, options: DiffOptions = {}): Promise<string> {
  const dialect = dialectOf(url);
  if (providerOf(schemaText) !== dialect) throw new SchemaEngineError(`schema provider does not match ${dialect} URL`);
  const files = [{ path: "schema.prisma", content: schemaText }];
  return withEngine(url, schemaText, options.shadowServerUrl ?? shadowPostgresUrl(), async (engine) => {
    const result = await engine.diff({
      // "schemaDatasource" means "the database behind the adapter" for the wasm engine.
      from: { tag: "schemaDatasource", files, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Engine errors end in a long Rust span trace; the first lines carry the message. */
function firstLines(message: string): string {
  const cut = message.indexOf("\n   0: ");
  return (cut === -1 ? message : message.slice(0, cut)).trim();
}
