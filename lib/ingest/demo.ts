import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IngestInventorySchema, type CommittedInventory } from "@/lib/contract/inventory";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { getProject } from "@/lib/queries";
import { createProject } from "./projects";
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
