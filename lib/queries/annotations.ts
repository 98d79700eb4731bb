import {
  automaticAnnotations,
  needsMemberDiff,
  sortAnnotations,
  type AnnotationScan,
  type ScanAggregates,
} from "@/lib/analytics/annotations";
import { diffMembers, type MemberDiff } from "@/lib/analytics/diff";
import type { TimelineAnnotation } from "@/lib/contract/annotations";
import { ClassificationSchema, PlanSchema } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";

export interface AnnotationWindow {
  /** Inclusive. */
  since?: Date | undefined;
  /** Inclusive. */
  until?: Date | undefined;
}

interface ScanRow {
  id: number;
  commitSha: string;
  committedAt: Date;
  commitMessage: string | null;
  plan: unknown;
  memberCount: number;
  nameCount: number;
  primaryCount: number;
  coreCount: number;
  adapterCount: number;
  factoryCount: number;
  legacyCount: number;
  interfaceCount: number;
  supportCount: number;
}

function aggregates(row: ScanRow): ScanAggregates & { message: string | null } {
  return {
    memberCount: row.memberCount,
    nameCount: row.nameCount,
    byClass: [row.primaryCount, row.coreCount, row.adapterCount, row.factoryCount, row.legacyCount, row.interfaceCount, row.supportCount],
    message: row.commitMessage,
  };
}

const inWindow = (time: number, window: AnnotationWindow) =>
  (window.since === undefined || time >= window.since.getTime()) && (window.until === undefined || time <= window.until.getTime());

/** Scans per query when reading members: each IN list stays far below both stores' limits. */
const SCANS_PER_READ = 200;

type DiffMember = Parameters<typeof diffMembers>[0][number];

/** The members of the given scans, in the shape diffMembers reads. */
async function membersOf(db: Db, scanIds: readonly number[]): Promise<Map<number, DiffMember[]>> {
  const byScan = new Map<number, DiffMember[]>(scanIds.map((id) => [id, []]));
  for (let offset = 0; offset < scanIds.length; offset += SCANS_PER_READ) {
    const rows = await db.observation.findMany({
      where: { scanId: { in: scanIds.slice(offset, offset + SCANS_PER_READ) } },
      select: {
        scanId: true,
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
    for (const row of rows) {
      byScan.get(row.scanId)?.push({
        key: row.engine.key,
        name: row.name,
        kind: row.kind === "alias" ? "alias" : "class",
        file: row.file,
        line: row.line,
        classification: ClassificationSchema.parse(row.classification),
        bodyHash: row.bodyHash,
        constructor: row.ctorSignature === null ? null : { signature: row.ctorSignature },
      });
    }
  }
  return byScan;
}

/**
 * What each scan in the window changed since its predecessor. Members are read only for scans whose
 * aggregates moved or that merged a pull request (see needsMemberDiff), never for the whole history.
 */
async function diffsInWindow(db: Db, rows: readonly ScanRow[], window: AnnotationWindow): Promise<Map<number, MemberDiff>> {
  const pairs: Array<[previous: ScanRow, scan: ScanRow]> = [];
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    if (previous && inWindow(row.committedAt.getTime(), window) && needsMemberDiff(aggregates(row), aggregates(previous))) {
      pairs.push([previous, row]);
    }
  });
  const members = await membersOf(db, [...new Set(pairs.flatMap(([previous, scan]) => [previous.id, scan.id]))]);
  return new Map(pairs.map(([previous, scan]) => [scan.id, diffMembers(members.get(previous.id) ?? [], members.get(scan.id) ?? [])]));
}

/** The stored notes of a project, as annotations. */
async function getNotes(db: Db, projectId: number, window: AnnotationWindow): Promise<TimelineAnnotation[]> {
  const rows = await db.annotation.findMany({
    where: {
      projectId,
      ...(window.since || window.until
        ? { date: { ...(window.since ? { gte: window.since } : {}), ...(window.until ? { lte: window.until } : {}) } }
        : {}),
    },
    orderBy: [{ date: "asc" }, { id: "asc" }],
  });
  return rows.map(noteAnnotation);
}

export function noteAnnotation(row: { id: number; date: Date; text: string; url: string | null }): TimelineAnnotation {
  return {
    id: `note:${row.id}`,
    kind: "note",
    date: row.date.toISOString(),
    text: row.text,
    detail: null,
    url: row.url,
    sha: null,
    noteId: row.id,
    members: [],
    membersTotal: 0,
  };
}

/**
 * The project's timeline events in the window (both ends inclusive): the automatic ones computed from
 * the scans up to `until`, and the stored notes. Sorted by date.
 */
export async function getAnnotations(
  db: Db,
  project: { id: number; repoUrl: string | null },
  window: AnnotationWindow = {},
): Promise<TimelineAnnotation[]> {
  const [rows, notes] = await Promise.all([
    db.scan.findMany({
      where: { projectId: project.id, ...(window.until ? { committedAt: { lte: window.until } } : {}) },
      orderBy: [{ committedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        commitSha: true,
        committedAt: true,
        commitMessage: true,
        plan: true,
        memberCount: true,
        nameCount: true,
        primaryCount: true,
        coreCount: true,
        adapterCount: true,
        factoryCount: true,
        legacyCount: true,
        interfaceCount: true,
        supportCount: true,
      },
    }),
    getNotes(db, project.id, window),
  ]);
  const diffs = await diffsInWindow(db, rows, window);
  const scans: AnnotationScan[] = rows.map((row) => ({
    sha: row.commitSha,
    date: row.committedAt.toISOString(),
    message: row.commitMessage,
    plan: PlanSchema.parse(row.plan),
    diff: diffs.get(row.id) ?? null,
  }));
  const automatic = automaticAnnotations(scans, project.repoUrl).filter((item) => inWindow(Date.parse(item.date), window));
  return sortAnnotations([...automatic, ...notes]);
}
