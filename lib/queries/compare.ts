import { z } from "zod";
import { ClassificationSchema } from "@/lib/contract/inventory";
import { diffMembers, type MemberDiff } from "@/lib/analytics/diff";
import { DAY_MS } from "@/lib/analytics/plan";
import type { Db } from "@/lib/db/client";
import { toScanSummary } from "./mappers";
import { findScanByCommit } from "./scans";
import type { ScanComparison } from "./types";

/** A scan reference in a URL: a commit SHA (or 7+ character prefix), a date, or an ISO instant. */
export const ScanRefSchema = z.union([z.string().regex(/^[0-9a-f]{7,64}$/), z.iso.date(), z.iso.datetime({ offset: true })]);

export type { ScanComparison };

/** A date means "the newest scan on or before the end of that day (UTC)". */
export async function resolveScanRef(db: Db, projectId: number, ref: string) {
  if (/^[0-9a-f]{7,64}$/.test(ref)) {
    const scan = await findScanByCommit(db, projectId, ref);
    if (scan) return scan;
  }
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(ref) ? Date.parse(`${ref}T23:59:59.999Z`) : Date.parse(ref);
  if (Number.isNaN(instant)) return null;
  return db.scan.findFirst({ where: { projectId, committedAt: { lte: new Date(instant) } }, orderBy: { committedAt: "desc" } });
}

async function getDiffMembers(db: Db, scanId: number) {
  const rows = await db.observation.findMany({
    where: { scanId },
    select: {
      name: true,
      kind: true,
      file: true,
      line: true,
      classification: true,
      bodyHash: true,
      ctorSignature: true,
      engine: { select: { key: true } },
    },
  });
  return rows.map((row) => ({
    key: row.engine.key,
    name: row.name,
    kind: row.kind === "alias" ? ("alias" as const) : ("class" as const),
    file: row.file,
    line: row.line,
    classification: ClassificationSchema.parse(row.classification),
    bodyHash: row.bodyHash,
    constructor: row.ctorSignature === null ? null : { signature: row.ctorSignature },
  }));
}

export async function compareScans(db: Db, from: { id: number }, to: { id: number }): Promise<MemberDiff> {
  const [before, after] = await Promise.all([getDiffMembers(db, from.id), getDiffMembers(db, to.id)]);
  return diffMembers(before, after);
}

export async function getScanComparison(db: Db, projectId: number, fromRef: string, toRef: string): Promise<ScanComparison | null> {
  const [from, to] = await Promise.all([resolveScanRef(db, projectId, fromRef), resolveScanRef(db, projectId, toRef)]);
  if (!from || !to) return null;
  return { from: toScanSummary(from), to: toScanSummary(to), diff: await compareScans(db, from, to) };
}

/** The latest scan against the newest scan at least 7 days older (or the first scan). */
export async function getSinceLastWeek(db: Db, projectId: number): Promise<ScanComparison | null> {
  const to = await db.scan.findFirst({ where: { projectId }, orderBy: { committedAt: "desc" } });
  if (!to) return null;
  const cutoff = new Date(to.committedAt.getTime() - 7 * DAY_MS);
  const from =
    (await db.scan.findFirst({ where: { projectId, committedAt: { lte: cutoff } }, orderBy: { committedAt: "desc" } })) ??
    (await db.scan.findFirst({ where: { projectId }, orderBy: { committedAt: "asc" } }));
  if (!from) return null;
  return { from: toScanSummary(from), to: toScanSummary(to), diff: await compareScans(db, from, to) };
}
