import {
  CheckResultSchema,
  CLASSIFICATIONS,
  ClassificationSchema,
  CountUnitSchema,
  MemberSchema,
  FileIssueSchema,
  PlanSchema,
  type CheckResult,
  type Classification,
  type CountUnit,
  type Member,
} from "@/lib/contract/inventory";
import { z } from "zod";
import { HitSchema, type Hit } from "@/lib/contract/explain";
import { ReconciliationCountsSchema, type ReconciliationCounts } from "@/lib/contract/responses";
import type { CheckResult as CheckRow, Observation, Scan } from "@/lib/db/generated/sqlite/client";
import type { ScanSummary } from "./types";

const StringListSchema = z.array(z.string());
const HitListSchema = z.array(HitSchema);
const FileIssuesSchema = z.object({ skipped: z.array(FileIssueSchema), failed: z.array(FileIssueSchema) });

export function classCounts(scan: Scan): Record<Classification, number> {
  return {
    primary: scan.primaryCount,
    core: scan.coreCount,
    adapter: scan.adapterCount,
    factory: scan.factoryCount,
    legacy: scan.legacyCount,
    interface: scan.interfaceCount,
    support: scan.supportCount,
  };
}

/** The stored unit; anything unknown reads as "definitions", the unit of every scan stored before units. */
export function countUnitOf(value: string): CountUnit {
  const parsed = CountUnitSchema.safeParse(value);
  return parsed.success ? parsed.data : "definitions";
}

/** A stored per-classification JSON record with every classification present (missing ones are 0). */
export function classRecord(value: unknown): Record<Classification, number> {
  const counts = phaseCounts(value);
  return Object.fromEntries(CLASSIFICATIONS.map((c) => [c, Object.hasOwn(counts, c) ? (counts[c] ?? 0) : 0])) as Record<
    Classification,
    number
  >;
}

/** On the timeline's hot path (one call per scan), so a plain check instead of a schema parse. */
export function phaseCounts(value: unknown): Record<string, number> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const counts: Record<string, number> = {};
  for (const [phase, count] of Object.entries(value)) if (typeof count === "number") counts[phase] = count;
  return counts;
}

export function toScanSummary(scan: Scan): ScanSummary {
  return {
    id: scan.id,
    commit: {
      sha: scan.commitSha,
      date: scan.committedAt.toISOString(),
      branch: scan.branch,
      message: scan.commitMessage,
    },
    scanner: { name: scan.scannerName, version: scan.scannerVersion },
    target: scan.target,
    countUnit: countUnitOf(scan.countUnit),
    totals: {
      members: scan.memberCount,
      names: scan.nameCount,
      counted: scan.countedCount,
      byClassification: classCounts(scan),
      byPhase: phaseCounts(scan.byPhase),
      countedByClassification: classRecord(scan.countedByClass),
      countedByPhase: phaseCounts(scan.countedByPhase),
      ...(scan.legacyUsages === null ? {} : { legacyUsages: scan.legacyUsages }),
    },
    checks: { passed: scan.checksPassed, failed: scan.checksFailed },
    files: { scanned: scan.filesScanned, skipped: scan.filesSkipped, failed: scan.filesFailed },
    complete: scan.complete,
    receivedAt: scan.receivedAt.toISOString(),
  };
}

export function toPlan(value: unknown) {
  return PlanSchema.parse(value);
}

export function toFileIssues(value: unknown) {
  return FileIssuesSchema.parse(value);
}

export function toCheckResult(row: CheckRow): CheckResult {
  return CheckResultSchema.parse({
    id: row.checkId,
    passed: row.passed,
    value: row.value,
    threshold: row.threshold,
    summary: row.summary,
    members: row.members,
    ...(row.groups === null ? {} : { groups: row.groups }),
  });
}

export function toMember(row: Observation & { engine: { key: string } }): Member {
  const params = row.ctorParams === null ? null : StringListSchema.parse(row.ctorParams);
  return {
    key: row.engine.key,
    name: row.name,
    qualifiedName: row.qualifiedName,
    kind: MemberSchema.shape.kind.parse(row.kind),
    language: MemberSchema.shape.language.parse(row.language),
    file: row.file,
    line: row.line,
    endLine: row.endLine,
    loc: row.loc,
    classification: ClassificationSchema.parse(row.classification),
    reason: row.reason,
    phase: row.phase,
    counted: row.counted,
    bases: StringListSchema.parse(row.bases),
    decorators: StringListSchema.parse(row.decorators),
    constructor: params === null || row.ctorSignature === null ? null : { params, signature: row.ctorSignature },
    methods: StringListSchema.parse(row.methods),
    abstract: row.abstract,
    abstractReason: row.abstractReason,
    deprecated: row.deprecated,
    deprecatedMethods: StringListSchema.parse(row.deprecatedMethods),
    aliasOf: row.aliasOf,
    delegatesTo: row.delegatesTo,
    emits: row.emits,
    bodyHash: row.bodyHash,
    ...(row.usedByFiles === null || row.usedBySites === null ? {} : { usedBy: { files: row.usedByFiles, sites: row.usedBySites } }),
  };
}

/** The stored reconciliation counts; null when the scan has none (older scanners). */
export function toReconciliation(value: unknown): ReconciliationCounts | null {
  return value === null || value === undefined ? null : ReconciliationCountsSchema.parse(value);
}

/** The stored non-member hits; null when this scan keeps none (not the latest of its branch, or not measured). */
export function toHits(value: unknown): Hit[] | null {
  return value === null || value === undefined ? null : HitListSchema.parse(value);
}
