import { dirname, isAbsolute, resolve } from "node:path";

export type Dialect = "sqlite" | "postgres";

/** The embedded default store: one SQLite file under ./data. */
export const DEFAULT_DATABASE_URL = "file:./data/converge.db";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL?.trim();
  return url ? url : DEFAULT_DATABASE_URL;
}

export function dialectOf(url: string): Dialect {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (url.startsWith("file:") || url === ":memory:") return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(":")[0]}:…"`);
}

/** Absolute path of a SQLite file URL, resolved against the working directory. */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return isAbsolute(path) ? path : resolve(cwd, path);
}

export function sqliteDirectory(url: string): string {
  return dirname(sqliteFilePath(url));
}
