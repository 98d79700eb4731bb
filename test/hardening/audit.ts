// Store invariants the hardening tests check after fuzzing, races and crashes: no partial scan.
import Database from "better-sqlite3";
import { CLASSIFICATIONS, UNPHASED, type Classification } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { sqliteFilePath } from "@/lib/db/url";

export interface StoreAudit {
  scans: number;
  observations: number;
  /** One line per scan whose stored aggregates differ from its rows. Empty means no partial scan. */
  problems: string[];
}

const CLASS_COLUMNS: Record<Classification, string> = {
  primary: "primaryCount",
  core: "coreCount",
  adapter: "adapterCount",
  factory: "factoryCount",
  legacy: "legacyCount",
  interface: "interfaceCount",
  support: "supportCount",
};

/** Every scan's aggregates (members, counted, per class, per phase, checks) equal its observation and check rows. */
export async function auditStore(db: Db): Promise<StoreAudit> {
  const scans = await db.scan.findMany();
  // Rows counted one by one, not groupBy: its types differ by provider, so Db (lib/db/client.ts) leaves it out.
  const one = { _count: { _all: 1 } };
  const observationGroups = (
    await db.observation.findMany({ select: { scanId: true, classification: true, counted: true, phase: true, name: true } })
  ).map((row) => ({ ...row, ...one }));
  const checkGroups = (await db.checkResult.findMany({ select: { scanId: true, passed: true } })).map((row) => ({ ...row, ...one }));
  const rows = new Map<number, { members: number; counted: number; classes: Map<string, number>; phases: Map<string, number> }>();
  // countedCount is in the scan's unit: with "names", a name defined several times counts once.
  const countedNames = new Map<number, Set<string>>();
  for (const group of observationGroups) {
    const entry = rows.get(group.scanId) ?? { members: 0, counted: 0, classes: new Map(), phases: new Map() };
    const n = group._count._all;
    entry.members += n;
    if (group.counted) entry.counted += n;
    if (group.counted) countedNames.set(group.scanId, (countedNames.get(group.scanId) ?? new Set()).add(group.name));
    entry.classes.set(group.classification, (entry.classes.get(group.classification) ?? 0) + n);
    const phase = group.phase ?? UNPHASED;
    entry.phases.set(phase, (entry.phases.get(phase) ?? 0) + n);
    rows.set(group.scanId, entry);
  }
  const checks = new Map<number, { passed: number; failed: number }>();
  for (const group of checkGroups) {
    const entry = checks.get(group.scanId) ?? { passed: 0, failed: 0 };
    if (group.passed) entry.passed += group._count._all;
    else entry.failed += group._count._all;
    checks.set(group.scanId, entry);
  }
  const problems: string[] = [];
  let observations = 0;
  for (const scan of scans) {
    const found = rows.get(scan.id) ?? { members: 0, counted: 0, classes: new Map<string, number>(), phases: new Map<string, number>() };
    observations += found.members;
    const label = `scan ${scan.id} (${scan.commitSha.slice(0, 12)})`;
    if (found.members !== scan.memberCount) problems.push(`${label}: memberCount ${scan.memberCount}, rows ${found.members}`);
    const counted = scan.countUnit === "names" ? (countedNames.get(scan.id)?.size ?? 0) : found.counted;
    if (counted !== scan.countedCount) problems.push(`${label}: countedCount ${scan.countedCount}, rows ${counted}`);
    for (const classification of CLASSIFICATIONS) {
      const stored = scan[CLASS_COLUMNS[classification] as keyof typeof scan] as number;
      const actual = found.classes.get(classification) ?? 0;
      if (stored !== actual) problems.push(`${label}: ${classification} ${stored}, rows ${actual}`);
    }
    const byPhase = new Map(Object.entries((scan.byPhase ?? {}) as Record<string, number>));
    for (const phase of new Set([...byPhase.keys(), ...found.phases.keys()])) {
      if ((byPhase.get(phase) ?? 0) !== (found.phases.get(phase) ?? 0)) {
        problems.push(`${label}: phase "${phase}" ${byPhase.get(phase) ?? 0}, rows ${found.phases.get(phase) ?? 0}`);
      }
    }
    const checked = checks.get(scan.id) ?? { passed: 0, failed: 0 };
    if (checked.passed !== scan.checksPassed || checked.failed !== scan.checksFailed) {
      problems.push(`${label}: checks ${scan.checksPassed}/${scan.checksFailed}, rows ${checked.passed}/${checked.failed}`);
    }
  }
  return { scans: scans.length, observations, problems };
}

/** SQLite's own verdicts on a file: `integrity_check` and `foreign_key_check`. */
export function sqliteIntegrity(url: string): { integrity: string[]; foreignKeyViolations: number } {
  const db = new Database(sqliteFilePath(url), { readonly: true, timeout: 10_000 });
  try {
    const integrity = (db.pragma("integrity_check") as Array<{ integrity_check: string }>).map((row) => row.integrity_check);
    const foreignKeyViolations = (db.pragma("foreign_key_check") as unknown[]).length;
    return { integrity, foreignKeyViolations };
  } finally {
    db.close();
  }
}
