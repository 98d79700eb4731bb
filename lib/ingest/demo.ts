import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CHECK_IDS,
  type CheckResult,
  type CommittedInventory,
  type CommittedPortfolio,
  computeTotals,
  INVENTORY_SCHEMA_VERSION,
  IngestInventorySchema,
  IngestPortfolioSchema,
  type Member,
  type UsedBy,
} from "@/lib/contract/inventory";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { getProject } from "@/lib/queries";
import { createProject } from "./projects";
import { createRepository, ingestPortfolioBatch } from "./repositories";
import { ingestInventory } from "./scans";

export const DEMO_PROJECT = {
  slug: "demo",
  name: "Execution engine consolidation (demo)",
  repoUrl: "https://github.com/example/netra/blob/{commit}/{file}#L{line}",
} as const;

/** The first scan of the bundled template (a Monday); seeding moves the whole set by whole weeks. */
export const DEMO_TEMPLATE_FIRST_SCAN = Date.parse("2026-09-28T09:30:00Z");
const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** The demo's commit of week `index` (0-based): fixed, so re-seeding finds and updates the same scans. */
export function demoCommitSha(index: number): string {
  return createHash("sha1").update(`demo-week-${index}`).digest("hex");
}

export function loadDemoTemplate(scansDir: string): CommittedInventory[] {
  return readdirSync(scansDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => IngestInventorySchema.parse(JSON.parse(readFileSync(join(scansDir, file), "utf8"))));
}

/**
 * Whole weeks to add to the template so that its last scan falls within the 7 days up to `now`:
 * the demo always ends this week, keeps its weekday and time, and never lies in the future.
 */
export function demoShiftDays(template: readonly CommittedInventory[], now: number): number {
  const last = Math.max(...template.map((inventory) => Date.parse(inventory.commit.date)));
  return Math.floor((now - last) / WEEK_MS) * 7;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The inventory moved `days` later: its commit date and its plan's due dates, nothing else. */
export function shiftInventory(inventory: CommittedInventory, days: number): CommittedInventory {
  return {
    ...inventory,
    commit: { ...inventory.commit, date: new Date(Date.parse(inventory.commit.date) + days * DAY_MS).toISOString() },
    plan: { ...inventory.plan, phases: inventory.plan.phases.map((phase) => ({ ...phase, due: addDays(phase.due, days) })) },
  };
}

/** The demo's scans as of `now`: the template moved so that it ends this week. */
export function demoInventories(scansDir: string, now: number): CommittedInventory[] {
  const template = loadDemoTemplate(scansDir);
  const days = demoShiftDays(template, now);
  return template.map((inventory) => shiftInventory(inventory, days));
}

export interface DemoSeedResult {
  /** Set only when the project was created now: the token is shown once. */
  createdToken: string | null;
  created: number;
  /** Stored from an earlier week and moved to this one (replaced in place). */
  moved: number;
  existing: number;
}

async function ensureDemoProject(db: Db): Promise<{ project: { id: number; slug: string }; createdToken: string | null }> {
  const found = await getProject(db, DEMO_PROJECT.slug);
  if (found) return { project: found, createdToken: null };
  const createdToken = generateToken();
  await createProject(db, { ...DEMO_PROJECT, tokenHash: hashToken(createdToken) });
  const project = await getProject(db, DEMO_PROJECT.slug);
  if (!project) throw new Error("the demo project could not be created");
  return { project, createdToken };
}

/**
 * Creates the demo project if absent and posts its scans, dated to end this week, through the real
 * ingest path. Idempotent: scans already stored with this week's dates are left alone (a second run
 * the same week writes nothing); scans stored by a run in an earlier week are replaced with the moved
 * dates, so a demo never goes stale.
 */
export async function seedDemo(db: Db, scansDir: string, now: number = Date.now()): Promise<DemoSeedResult> {
  const { project, createdToken } = await ensureDemoProject(db);
  const inventories = demoInventories(scansDir, now);
  const stored = await db.scan.findMany({
    where: { projectId: project.id, commitSha: { in: inventories.map((inventory) => inventory.commit.sha) } },
    select: { commitSha: true, committedAt: true },
  });
  const storedDate = new Map(stored.map((scan) => [scan.commitSha, scan.committedAt.getTime()]));
  const result: DemoSeedResult = { createdToken, created: 0, moved: 0, existing: 0 };
  for (const inventory of inventories) {
    const date = storedDate.get(inventory.commit.sha);
    if (date === Date.parse(inventory.commit.date)) {
      result.existing += 1;
      continue;
    }
    await ingestInventory(db, project, inventory, { replace: date !== undefined });
    if (date === undefined) result.created += 1;
    else result.moved += 1;
  }
  return result;
}

// ---- The demo repository: four families of one repository, a year of weekly portfolio scans ----

export const DEMO_REPOSITORY = {
  slug: "demo-ssot",
  name: "Netra SSOT consolidations (demo)",
  repoUrl: "https://github.com/example/netra/blob/{commit}/{file}#L{line}",
} as const;

/** Weekly scans in the demo repository's year: 53, so "a year ago" is a scan too. */
export const DEMO_REPOSITORY_WEEKS = 53;

interface DemoFamily {
  slug: string;
  name: string;
  /** The class names' suffix: the family's pattern. */
  pattern: string;
  target: number;
  issue: string | null;
  /** Phases by week index (past or future) and target. */
  phases: Array<{ name: string; week: number; target: number }>;
  /** Distinct names at week `index` (0 = a year ago). */
  names: (index: number) => number;
  /** Extra definitions of already-defined names (duplicates in a second file). */
  duplicates: (index: number) => number;
}

const clampRound = (value: number) => Math.max(0, Math.round(value));

/** Shrinking on plan, done, stalled and growing: one family for each line of "what moved this week". */
const DEMO_FAMILIES: readonly DemoFamily[] = [
  {
    slug: "websocket",
    name: "WebSocket manager",
    pattern: "WebSocketManager",
    target: 1,
    issue: "https://github.com/example/netra/issues/680",
    phases: [
      { name: "Phase 1", week: 26, target: 12 },
      { name: "Phase 2", week: 66, target: 1 },
    ],
    names: (index) => 17 - Math.floor((14 * index) / 52),
    duplicates: (index) => clampRound(22 - (20 * index) / 52),
  },
  {
    slug: "database",
    name: "Database layer",
    pattern: "DatabaseManager",
    target: 2,
    issue: "https://github.com/example/netra/issues/799",
    phases: [],
    names: (index) => Math.max(2, clampRound(9 - (7 * index) / 40)),
    duplicates: () => 0,
  },
  {
    slug: "agents",
    name: "Agent registry",
    pattern: "AgentRegistry",
    target: 1,
    issue: "https://github.com/example/netra/issues/1116",
    phases: [{ name: "Phase 1", week: 40, target: 3 }],
    names: (index) => (index < 10 ? 6 : 5),
    duplicates: (index) => (index < 30 ? 2 : 1),
  },
  {
    slug: "logging",
    name: "Logging",
    pattern: "Logger",
    target: 1,
    issue: "https://github.com/example/netra/issues/309",
    phases: [],
    names: (index) => (index < 44 ? 4 : index < 52 ? 6 : 7),
    duplicates: () => 0,
  },
];

const DEMO_NAME_PARTS = [
  "Unified",
  "Legacy",
  "Async",
  "Core",
  "Shared",
  "Agent",
  "Thread",
  "Cluster",
  "Local",
  "Remote",
  "Pooled",
  "Cached",
];

function demoMember(family: DemoFamily, name: string, index: number, copy: number): Member {
  const folder = family.slug === "logging" ? "netra/logging" : `netra/${family.slug}`;
  const file = `${folder}/${copy === 0 ? name.toLowerCase() : `compat/${name.toLowerCase()}_${copy}`}.py`;
  const classification = index === 0 && copy === 0 ? "primary" : copy > 0 ? "legacy" : index % 4 === 1 ? "adapter" : "core";
  return {
    key: `${file}::${name}`,
    name,
    qualifiedName: name,
    kind: "class",
    language: "python",
    file,
    line: 12 + index,
    endLine: 80 + index,
    loc: 69,
    classification,
    reason: classification === "primary" ? "named as primary in the plan" : `matches /${family.pattern}/`,
    phase: null,
    counted: true,
    bases: [],
    decorators: [],
    constructor: { params: ["config"], signature: "(config)" },
    methods: ["start", "stop"],
    abstract: false,
    abstractReason: null,
    deprecated: copy > 0,
    deprecatedMethods: [],
    aliasOf: null,
    delegatesTo: null,
    emits: 0,
    bodyHash: createHash("sha1").update(`${file}:${name}`).digest("hex").slice(0, 16),
  };
}

/** The family's members at week `index`: the first `names` names, the first `duplicates` of them defined once more. */
function demoMembers(family: DemoFamily, index: number): Member[] {
  const count = family.names(index);
  const names = Array.from({ length: count }, (_, at) =>
    at === 0 ? family.pattern : `${DEMO_NAME_PARTS[at % DEMO_NAME_PARTS.length]}${at >= DEMO_NAME_PARTS.length ? at : ""}${family.pattern}`,
  );
  const members = names.map((name, at) => demoMember(family, name, at, 0));
  const extra = Math.min(family.duplicates(index), Math.max(0, count - 1));
  for (let at = 1; at <= extra; at += 1) members.push(demoMember(family, names[at] ?? family.pattern, at, 1));
  return members.map((member, at) => ({ ...member, usedBy: demoUsedBy(member, at, index) }));
}

/** Usages at week `week`: the primary gains call sites; each other member loses files at its own pace, some reaching 0 (removable). */
function demoUsedBy(member: Member, at: number, week: number): UsedBy {
  if (member.classification === "primary") return { files: 12 + week, sites: 30 + 3 * week };
  const files = Math.max(0, 4 + ((at * 5) % 13) - Math.floor(week / (3 + (at % 4))));
  return { files, sites: files * 2 + (files > 0 ? at % 3 : 0) };
}

function demoChecks(members: readonly Member[], counted: number, target: number): CheckResult[] {
  const names = new Set(members.map((member) => member.name)).size;
  return CHECK_IDS.map((id) => {
    if (id === "count-within-target") {
      return {
        id,
        passed: counted <= target,
        value: counted,
        threshold: target,
        summary: `${counted} counted against ${target}`,
        members: [],
      };
    }
    if (id === "one-definition-per-name") {
      const extra = members.length - names;
      return { id, passed: extra === 0, value: extra, threshold: 0, summary: `${extra} extra definitions`, members: [] };
    }
    return { id, passed: true, value: 0, threshold: null, summary: "passing", members: [] };
  });
}

/** The demo repository's commit of week `index`: fixed, so re-seeding finds the same scans. */
export function demoRepositoryCommitSha(index: number): string {
  return createHash("sha1").update(`demo-repository-week-${index}`).digest("hex");
}

/** The portfolios of the demo repository as of `now`: weekly, the last within the 7 days up to `now`. */
export function demoPortfolios(now: number): CommittedPortfolio[] {
  const last = DEMO_TEMPLATE_FIRST_SCAN + Math.floor((now - DEMO_TEMPLATE_FIRST_SCAN) / WEEK_MS) * WEEK_MS;
  const first = last - (DEMO_REPOSITORY_WEEKS - 1) * WEEK_MS;
  const dueOf = (week: number) => new Date(first + week * WEEK_MS).toISOString().slice(0, 10);
  return Array.from({ length: DEMO_REPOSITORY_WEEKS }, (_, index) => {
    const commit = {
      sha: demoRepositoryCommitSha(index),
      date: new Date(first + index * WEEK_MS).toISOString(),
      branch: "main",
      message: index % 6 === 5 ? `Merge pull request #${1000 + index} from netra/ssot-week-${index}` : `SSOT week ${index + 1}`,
    };
    const scanner = { name: "converge", version: "demo" };
    const families = DEMO_FAMILIES.map((family) => {
      const members = demoMembers(family, index);
      const totals = computeTotals(members, "names");
      return {
        schemaVersion: INVENTORY_SCHEMA_VERSION,
        scanner,
        commit,
        plan: {
          pattern: family.pattern,
          primary: family.pattern,
          target: family.target,
          countSupport: false,
          count: "names" as const,
          phases: family.phases.map((phase) => ({ name: phase.name, due: dueOf(phase.week), target: phase.target })),
        },
        totals,
        members,
        checks: demoChecks(members, totals.counted, family.target),
        files: { scanned: 1480 + index, skipped: [], failed: [] },
        slug: family.slug,
        name: family.name,
        issue: family.issue,
      };
    });
    return IngestPortfolioSchema.parse({ schemaVersion: INVENTORY_SCHEMA_VERSION, kind: "portfolio", scanner, commit, families });
  });
}

export interface DemoRepositorySeedResult {
  /** Set only when the repository was created now: its ingest token is shown once. */
  createdToken: string | null;
  /** Commits written now (all of them when the year moved to this week, none when it is current). */
  written: number;
}

/**
 * Creates the demo repository if absent and posts its year of portfolios through the real portfolio
 * ingest path, dated to end this week. Idempotent: when the newest stored scan already has this week's
 * date nothing is written; otherwise every commit is stored again with the moved dates (replace).
 */
export async function seedDemoRepository(db: Db, now: number = Date.now()): Promise<DemoRepositorySeedResult> {
  let repository = await db.repository.findUnique({
    where: { slug: DEMO_REPOSITORY.slug },
    select: { id: true, slug: true, repoUrl: true },
  });
  let createdToken: string | null = null;
  if (!repository) {
    const created = await createRepository(db, DEMO_REPOSITORY);
    if (!created) throw new Error("the demo repository could not be created");
    repository = created.repository;
    createdToken = created.token;
  }
  const portfolios = demoPortfolios(now);
  const newest = portfolios.at(-1);
  const stored = newest
    ? await db.scan.findFirst({
        where: { commitSha: newest.commit.sha, project: { repositoryId: repository.id } },
        select: { committedAt: true },
      })
    : null;
  if (newest && stored?.committedAt.getTime() === Date.parse(newest.commit.date)) return { createdToken, written: 0 };
  await ingestPortfolioBatch(db, repository, portfolios, { replace: true });
  return { createdToken, written: portfolios.length };
}
