import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import {
  CLASSIFICATIONS,
  COUNT_UNITS,
  FamilySlugSchema,
  MAX_FAMILIES,
  PhaseSchema,
  type Classification,
  type CountUnit,
  type Phase,
  type Plan,
} from "../contract/inventory";
import type { ExtractOptions } from "./types";

/** Where a config is looked for in the scanned root, in order. `package.json` counts only with a `converge` key. */
export const CONFIG_LOCATIONS = ["converge.config.json", ".converge.json", "package.json#converge"] as const;

export const DEFAULT_PATTERN = "ExecutionEngine";
export const DEFAULT_EVENTS = "websocket|emit";
export const DEFAULT_TARGET = 1;
export const DEFAULT_INCLUDE = ["**/*.{py,pyi,ts,tsx,mts,cts,js,jsx,mjs,cjs}"];
/** Test files and folders: replaced by a config's `exclude`. */
export const DEFAULT_TEST_EXCLUDE = [
  "**/tests/**",
  "**/test/**",
  "**/test_*.py",
  "**/*_test.py",
  "**/conftest.py",
  "**/*.spec.*",
  "**/*.test.*",
];
/** Never scanned, whatever the config says: dependencies, VCS data, virtualenvs, build output. */
export const ALWAYS_EXCLUDE = [
  "**/node_modules/**",
  "**/.git/**",
  "**/.hg/**",
  "**/.svn/**",
  "**/.venv/**",
  "**/venv/**",
  "**/.tox/**",
  "**/.nox/**",
  "**/__pycache__/**",
  "**/site-packages/**",
  "**/build/**",
  "**/dist/**",
];
export const DEFAULT_CHECKS = {
  maxAdapterLines: 40,
  maxSignatureGroups: 1,
  maxEventChannels: 1,
  adapterDelegationRatio: 0.5,
};
export const DEFAULT_LIMITS = { maxFileBytes: 1_048_576, fileTimeoutMs: 2_000 };

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const regexString = z.string().min(1).refine(isRegex, { message: "not a valid regular expression" });
const glob = z.string().min(1);

export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  pattern: regexString.optional(),
  events: regexString.optional(),
  include: z.array(glob).optional(),
  exclude: z.array(glob).optional(),
  primary: z.string().min(1).nullable().optional(),
  target: z.number().int().min(0).optional(),
  phases: z.array(PhaseSchema).optional(),
  classify: z.record(z.string().min(1), z.enum(CLASSIFICATIONS)).optional(),
  countSupport: z.boolean().optional(),
  count: z.enum(COUNT_UNITS).optional(),
  subclasses: z.boolean().optional(),
  /** The tracking issue `converge digest --to github-issue` comments on by default. */
  issue: z
    .url({ protocol: /^https?$/, message: "not an http(s) URL" })
    .regex(/^https?:\/\/[^/]+\/[^/]+\/[^/]+\/issues\/\d+\/?$/, { message: "not an issue URL (https://github.com/OWNER/REPO/issues/N)" })
    .optional(),
  checks: z
    .strictObject({
      maxAdapterLines: z.number().int().min(0),
      maxSignatureGroups: z.number().int().min(1),
      maxEventChannels: z.number().int().min(0),
      adapterDelegationRatio: z.number().min(0).max(1),
    })
    .partial()
    .optional(),
  limits: z
    .strictObject({ maxFileBytes: z.number().int().min(1), fileTimeoutMs: z.number().int().min(1) })
    .partial()
    .optional(),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** One family of a `families` config: the single-family keys, with slug, name, pattern and target required. */
export const FamilyFileSchema = ConfigFileSchema.omit({ $schema: true }).extend({
  slug: FamilySlugSchema,
  name: z.string().trim().min(1).max(200),
  pattern: regexString,
  target: z.number().int().min(0),
});
export type FamilyFile = z.infer<typeof FamilyFileSchema>;

/** The portfolio form: several families, with `include`/`exclude`/`limits`/`events` shared unless a family sets its own. */
export const PortfolioFileSchema = z.strictObject({
  $schema: z.string().optional(),
  include: z.array(glob).optional(),
  exclude: z.array(glob).optional(),
  events: regexString.optional(),
  limits: ConfigFileSchema.shape.limits,
  families: z.array(FamilyFileSchema).min(1).max(MAX_FAMILIES),
});
export type PortfolioFile = z.infer<typeof PortfolioFileSchema>;

/** A config with every default filled in: what a scan actually runs with. */
export interface ResolvedConfig {
  /** The file it came from (`package.json#converge` for the package key), or null for defaults. */
  source: string | null;
  /** The family's slug and display name in a `families` config; null for a single-family config. */
  slug: string | null;
  name: string | null;
  pattern: string;
  events: string;
  include: string[];
  exclude: string[];
  primary: string | null;
  target: number;
  phases: Phase[];
  classify: Record<string, Classification>;
  countSupport: boolean;
  /** The unit of the target: distinct names (default) or definitions. */
  count: CountUnit;
  subclasses: boolean;
  /** The tracking issue's URL (digests only: not part of the plan, not in configHash). */
  issue: string | null;
  checks: typeof DEFAULT_CHECKS;
  limits: typeof DEFAULT_LIMITS;
}

/**
 * What one scan runs: every family of the config, extracted in one pass over the files. A
 * single-family config is a portfolio of one family (`multi` false: output stays one inventory).
 */
export interface ResolvedPortfolio {
  source: string | null;
  /** The `families` form: the scan prints and posts a portfolio, one inventory per family. */
  multi: boolean;
  families: ResolvedConfig[];
}

/** The portfolio of a single-family config. */
export function singleFamily(config: ResolvedConfig): ResolvedPortfolio {
  return { source: config.source, multi: false, families: [config] };
}

/** Bad config: names the file and the key, e.g. `converge.config.json: phases[0].due: invalid ISO date`. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly file: string,
    readonly keyPath: string | null,
    detail: string,
  ) {
    super(`${file}: ${keyPath ? `${keyPath}: ` : ""}${detail}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function resolveConfig(file: ConfigFile = {}, source: string | null = null): ResolvedConfig {
  return {
    source,
    slug: null,
    name: null,
    pattern: file.pattern ?? DEFAULT_PATTERN,
    events: file.events ?? DEFAULT_EVENTS,
    include: file.include ?? [...DEFAULT_INCLUDE],
    exclude: file.exclude ?? [...DEFAULT_TEST_EXCLUDE],
    primary: file.primary ?? null,
    target: file.target ?? DEFAULT_TARGET,
    phases: file.phases ?? [],
    classify: file.classify ?? {},
    countSupport: file.countSupport ?? false,
    count: file.count ?? "names",
    subclasses: file.subclasses ?? false,
    issue: file.issue ?? null,
    checks: { ...DEFAULT_CHECKS, ...file.checks },
    limits: { ...DEFAULT_LIMITS, ...file.limits },
  };
}

/** The first zod issue as a ConfigError naming the key, e.g. `families[2].pattern: not a valid regular expression`. */
function configIssue(error: z.ZodError, file: string, keyPrefix: readonly PropertyKey[]): ConfigError {
  const issue = error.issues[0];
  if (!issue) return new ConfigError(file, null, "invalid config");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "?";
    return new ConfigError(file, formatPath([...keyPrefix, ...issue.path, key]), `unknown key "${key}"`);
  }
  const keyPath = formatPath([...keyPrefix, ...issue.path]);
  return new ConfigError(file, keyPath || null, issue.message);
}

function assertUnique(names: readonly string[], file: string, keyPath: (index: number) => PropertyKey[], what: string): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) throw new ConfigError(file, formatPath(keyPath(index)), `duplicate ${what} "${name}"`);
    seen.add(name);
  });
}

/** Validates an already-parsed JSON value as a single-family config; `file` only labels errors. */
export function parseConfigValue(value: unknown, file: string, keyPrefix: readonly PropertyKey[] = []): ResolvedConfig {
  const result = ConfigFileSchema.safeParse(value);
  if (!result.success) throw configIssue(result.error, file, keyPrefix);
  const config = resolveConfig(result.data, file);
  assertUnique(
    config.phases.map((phase) => phase.name),
    file,
    (index) => [...keyPrefix, "phases", index, "name"],
    "phase",
  );
  return config;
}

/** A `families` config: each family resolved with the shared include/exclude/limits/events under its own. */
function parsePortfolioFile(value: object, file: string, keyPrefix: readonly PropertyKey[]): ResolvedPortfolio {
  const result = PortfolioFileSchema.safeParse(value);
  if (!result.success) throw configIssue(result.error, file, keyPrefix);
  const shared = result.data;
  assertUnique(
    shared.families.map((family) => family.slug),
    file,
    (index) => [...keyPrefix, "families", index, "slug"],
    "family",
  );
  const families = shared.families.map((family, index) => {
    const { slug, name, ...own } = family;
    const config = resolveConfig(
      {
        ...own,
        include: own.include ?? shared.include,
        exclude: own.exclude ?? shared.exclude,
        events: own.events ?? shared.events,
        limits: { ...shared.limits, ...own.limits },
      },
      file,
    );
    assertUnique(
      config.phases.map((phase) => phase.name),
      file,
      (phaseIndex) => [...keyPrefix, "families", index, "phases", phaseIndex, "name"],
      "phase",
    );
    return { ...config, slug, name };
  });
  return { source: file, multi: true, families };
}

/** Validates a parsed config value of either form: `families` (a portfolio) or a single family. */
export function parsePortfolioValue(value: unknown, file: string, keyPrefix: readonly PropertyKey[] = []): ResolvedPortfolio {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "families" in value) {
    return parsePortfolioFile(value, file, keyPrefix);
  }
  return singleFamily(parseConfigValue(value, file, keyPrefix));
}

/** Parses config text (a file, or a blob read at some commit). `file` labels errors. */
export function parseConfigText(text: string, file = "converge.config.json"): ResolvedPortfolio {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, null, `invalid JSON (${(error as Error).message})`);
  }
  if (file.endsWith("package.json") || file.endsWith("package.json#converge")) {
    const inner = (value as { converge?: unknown } | null)?.converge;
    return parsePortfolioValue(inner, file.endsWith("#converge") ? file : `${file}#converge`, ["converge"]);
  }
  return parsePortfolioValue(value, file);
}

/** Names a path relative to `cwd` when it is inside it (how errors and summaries show a file). */
export function configLabel(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split("\\").join("/") : abs;
}

/**
 * An explicit `--config` path (relative to `cwd`): the plan itself, whatever the scanned tree holds.
 * A missing or invalid file is a ConfigError naming it.
 */
export function loadExplicitConfig(explicit: string, cwd = process.cwd()): ResolvedPortfolio {
  const abs = resolve(cwd, explicit);
  const label = configLabel(abs, cwd);
  if (!existsSync(abs)) throw new ConfigError(label, null, "config file not found");
  return parseConfigText(readText(abs, label), label);
}

/**
 * The config at one of CONFIG_LOCATIONS, from its text: null when that location does not hold one
 * (a `package.json` without a `converge` key, or one that is not JSON: it is someone else's file).
 */
export function configAtLocation(location: (typeof CONFIG_LOCATIONS)[number], text: string, label: string): ResolvedPortfolio | null {
  const [, key] = location.split("#");
  if (!key) return parseConfigText(text, label);
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof pkg !== "object" || pkg === null || !(key in pkg)) return null;
  return parsePortfolioValue((pkg as Record<string, unknown>)[key], `${label}#${key}`, [key]);
}

/** The file name a location is read from (`package.json#converge` is read from `package.json`). */
export function locationFile(location: (typeof CONFIG_LOCATIONS)[number]): string {
  return location.split("#")[0] ?? location;
}

/**
 * The first config found at CONFIG_LOCATIONS in a folder on disk, or null when there is none.
 * Errors name the file relative to `cwd`.
 */
export function discoverConfig(root: string, cwd = process.cwd()): ResolvedPortfolio | null {
  for (const location of CONFIG_LOCATIONS) {
    const abs = join(root, locationFile(location));
    if (!existsSync(abs)) continue;
    const label = configLabel(abs, cwd);
    const config = configAtLocation(location, readText(abs, label), label);
    if (config) return config;
  }
  return null;
}

/**
 * Finds the config for a scanned root: the explicit path if given (relative to `cwd`), else the first
 * of CONFIG_LOCATIONS in `root`, else defaults (`source` null: callers warn about it).
 */
export function loadConfig(root: string, explicit?: string, cwd = process.cwd()): ResolvedPortfolio {
  if (explicit !== undefined) return loadExplicitConfig(explicit, cwd);
  return discoverConfig(root, cwd) ?? singleFamily(resolveConfig());
}

function readText(abs: string, label: string): string {
  try {
    return readFileSync(abs, "utf8");
  } catch (error) {
    throw new ConfigError(label, null, `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A stable hash of what the config means (defaults filled, key order ignored, source not included). */
export function configHash(config: ResolvedConfig): string {
  const { source: _source, issue: _issue, slug, name, ...meaning } = config;
  // A single-family config hashes as it did before families existed (disk caches stay valid).
  const family = slug === null && name === null ? {} : { slug, name };
  return createHash("sha256")
    .update(JSON.stringify(canonical({ ...meaning, ...family })))
    .digest("hex");
}

/** A stable hash of a whole portfolio: its form and each family's meaning, in config order. */
export function portfolioHash(portfolio: ResolvedPortfolio): string {
  if (!portfolio.multi && portfolio.families.length === 1) return configHash(portfolio.families[0] as ResolvedConfig);
  return createHash("sha256")
    .update(JSON.stringify(["portfolio", ...portfolio.families.map(configHash)]))
    .digest("hex");
}

export function toPlan(config: ResolvedConfig): Plan {
  return {
    pattern: config.pattern,
    primary: config.primary,
    target: config.target,
    countSupport: config.countSupport,
    count: config.count,
    phases: config.phases,
  };
}

export function toExtractOptions(config: ResolvedConfig): ExtractOptions {
  return {
    pattern: config.pattern,
    events: config.events,
    subclasses: config.subclasses,
    maxFileBytes: config.limits.maxFileBytes,
    fileTimeoutMs: config.limits.fileTimeoutMs,
  };
}
