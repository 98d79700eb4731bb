import { MAX_ANNOTATION_MEMBERS, type AnnotationMember, type TimelineAnnotation } from "@/lib/contract/annotations";
import type { Plan } from "@/lib/contract/inventory";
import { CLASSIFICATIONS, type Classification } from "@/lib/contract/vocabulary";
import type { MemberDiff, MemberRef } from "./diff";
import { dueTime, sortedPhases } from "./plan";

/**
 * Automatic annotations, computed from the scans on every read (nothing is stored, so a deleted or
 * replaced scan never leaves a stale event behind): phase due dates, plan changes between consecutive
 * scans, merged pull requests with the member changes they brought, and scans that added or removed
 * BULK_CHANGE members or more. Pure: the queries read the scans, this decides what they mean.
 */

/** A scan that adds or removes at least this many members is an event of its own. */
export const BULK_CHANGE = 2;

/** One scan as the annotations read it, oldest first. */
export interface AnnotationScan {
  sha: string;
  date: string;
  message: string | null;
  plan: Plan;
  /** What changed since the previous scan; null when the caller knows nothing changed (or it is the first scan). */
  diff: MemberDiff | null;
}

export interface PullRequestRef {
  number: number;
  /** The pull request's title when the message carries it. */
  title: string | null;
}

const MERGE_SUBJECT = /^Merge pull request #(\d{1,9}) from \S+/;
const SQUASH_SUBJECT = /^(.*\S)\s+\(#(\d{1,9})\)$/;

/**
 * The pull request a commit merged, from GitHub's two message shapes: a merge commit
 * ("Merge pull request #123 from owner/branch", title on the first body line) and a squash
 * merge ("Title (#123)"). Only the subject line is read: a body that mentions "(#12)" is not a merge.
 */
export function parsePullRequest(message: string | null): PullRequestRef | null {
  if (!message) return null;
  const [subject = "", ...body] = message.replace(/\r\n?/g, "\n").split("\n");
  const trimmed = subject.trim();
  const merge = MERGE_SUBJECT.exec(trimmed);
  if (merge) {
    const title = body.map((line) => line.trim()).find((line) => line.length > 0) ?? null;
    return { number: Number(merge[1]), title };
  }
  const squash = SQUASH_SUBJECT.exec(trimmed);
  if (squash) return { number: Number(squash[2]), title: squash[1] ?? null };
  return null;
}

/** `https://github.com/org/repo/pull/123`, from the project's file-link template (`…/blob/{commit}/{file}#L{line}`). */
export function pullRequestUrl(repoUrl: string | null, number: number): string | null {
  if (!repoUrl) return null;
  const base = repoUrl.split("/blob/")[0]?.replace(/\/+$/, "") ?? "";
  if (base === repoUrl || !/^https?:\/\/[^/]+\/[^/]+\/[^/{}]+$/.test(base)) return null;
  return `${base}/pull/${number}`;
}

const NOUNS: Record<Classification, [singular: string, plural: string]> = {
  primary: ["primary", "primaries"],
  core: ["core duplicate", "core duplicates"],
  adapter: ["adapter", "adapters"],
  factory: ["factory", "factories"],
  legacy: ["legacy redirect", "legacy redirects"],
  interface: ["interface", "interfaces"],
  support: ["support member", "support members"],
};

function countPhrase(members: readonly MemberRef[], verb: string): string[] {
  return CLASSIFICATIONS.flatMap((classification) => {
    const n = members.filter((member) => member.classification === classification).length;
    if (n === 0) return [];
    const [one, many] = NOUNS[classification];
    return [`${n} ${n === 1 ? one : many} ${verb}`];
  });
}

/** "6 adapters removed, 1 core duplicate added, 1 reclassified": what a diff did to the family, by class. */
export function describeMemberChanges(diff: MemberDiff): string {
  const parts = [...countPhrase(diff.removed, "removed"), ...countPhrase(diff.added, "added")];
  if (diff.reclassified.length > 0) parts.push(`${diff.reclassified.length} reclassified`);
  return parts.length > 0 ? parts.join(", ") : "no member changes";
}

function changedMembers(diff: MemberDiff): AnnotationMember[] {
  const entry = (member: MemberRef, change: AnnotationMember["change"]): AnnotationMember => ({
    key: member.key,
    name: member.name,
    classification: member.classification,
    change,
  });
  return [
    ...diff.removed.map((member) => entry(member, "removed")),
    ...diff.added.map((member) => entry(member, "added")),
    ...diff.reclassified.map((change) => entry(change.member, "reclassified")),
  ];
}

function changesFamily(diff: MemberDiff | null): diff is MemberDiff {
  return diff !== null && diff.added.length + diff.removed.length + diff.reclassified.length > 0;
}

function annotation(fields: Partial<TimelineAnnotation> & Pick<TimelineAnnotation, "id" | "kind" | "date" | "text">): TimelineAnnotation {
  const members = fields.members ?? [];
  return {
    detail: null,
    url: null,
    sha: null,
    noteId: null,
    ...fields,
    members: members.slice(0, MAX_ANNOTATION_MEMBERS),
    membersTotal: members.length,
  };
}

function phaseKey(phase: Plan["phases"][number]): string {
  return `${phase.due}\u0000${phase.target}`;
}

/** "target lowered from 12 to 8; phase 2 due 2026-03-01 → 2026-04-01; pattern /A/ → /B/". */
export function describePlanChange(before: Plan, after: Plan): string | null {
  const parts: string[] = [];
  if (before.target !== after.target) {
    parts.push(`target ${after.target < before.target ? "lowered" : "raised"} from ${before.target} to ${after.target}`);
  }
  const old = new Map(before.phases.map((phase) => [phase.name, phase]));
  const now = new Map(after.phases.map((phase) => [phase.name, phase]));
  for (const phase of sortedPhases(after)) {
    const previous = old.get(phase.name);
    if (!previous) parts.push(`phase ${phase.name} added (due ${phase.due}, target ${phase.target})`);
    else if (phaseKey(previous) !== phaseKey(phase)) {
      if (previous.due !== phase.due) parts.push(`phase ${phase.name} due ${previous.due} → ${phase.due}`);
      if (previous.target !== phase.target) parts.push(`phase ${phase.name} target ${previous.target} → ${phase.target}`);
    }
  }
  for (const phase of sortedPhases(before)) if (!now.has(phase.name)) parts.push(`phase ${phase.name} removed`);
  if (before.pattern !== after.pattern) parts.push(`pattern /${before.pattern}/ → /${after.pattern}/`);
  return parts.length > 0 ? parts.join("; ") : null;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function scanAnnotations(scan: AnnotationScan, previous: AnnotationScan, repoUrl: string | null): TimelineAnnotation[] {
  const out: TimelineAnnotation[] = [];
  const planChange = describePlanChange(previous.plan, scan.plan);
  if (planChange) {
    out.push(annotation({ id: `plan:${scan.sha}`, kind: "plan-change", date: scan.date, sha: scan.sha, text: capitalized(planChange) }));
  }
  const pr = parsePullRequest(scan.message);
  // A merge that left the family alone is not an event on this timeline (most commits are merges).
  if (pr && changesFamily(scan.diff)) {
    out.push(
      annotation({
        id: `pr:${scan.sha}`,
        kind: "pull-request",
        date: scan.date,
        sha: scan.sha,
        text: `PR #${pr.number} merged: ${describeMemberChanges(scan.diff)}`,
        detail: pr.title,
        url: pullRequestUrl(repoUrl, pr.number),
        members: changedMembers(scan.diff),
      }),
    );
  } else if (scan.diff && (scan.diff.added.length >= BULK_CHANGE || scan.diff.removed.length >= BULK_CHANGE)) {
    out.push(
      annotation({
        id: `members:${scan.sha}`,
        kind: "members-changed",
        date: scan.date,
        sha: scan.sha,
        text: capitalized(describeMemberChanges(scan.diff)),
        detail: scan.message?.split("\n")[0]?.trim() || null,
        members: changedMembers(scan.diff),
      }),
    );
  }
  return out;
}

/** The phases of the plan in force (the newest scan's), each on its due date. */
export function phaseDueAnnotations(plan: Plan | null): TimelineAnnotation[] {
  if (!plan) return [];
  return sortedPhases(plan).map((phase) =>
    annotation({
      id: `due:${phase.name}`,
      kind: "phase-due",
      date: new Date(dueTime(phase.due)).toISOString(),
      text: `Phase ${phase.name} due (target ${phase.target})`,
    }),
  );
}

/** Every automatic annotation of a scan sequence (oldest first), sorted by date. */
export function automaticAnnotations(scans: readonly AnnotationScan[], repoUrl: string | null = null): TimelineAnnotation[] {
  const fromScans = scans.flatMap((scan, index) => {
    const previous = scans[index - 1];
    return previous ? scanAnnotations(scan, previous, repoUrl) : [];
  });
  return sortAnnotations([...phaseDueAnnotations(scans.at(-1)?.plan ?? null), ...fromScans]);
}

const KIND_ORDER = ["phase-due", "plan-change", "pull-request", "members-changed", "note"] as const;

/** By date, then kind, then id: a stable order for lists, markdown and tests. */
export function sortAnnotations(annotations: readonly TimelineAnnotation[]): TimelineAnnotation[] {
  return [...annotations].sort(
    (a, b) =>
      Date.parse(a.date) - Date.parse(b.date) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id),
  );
}

/** Aggregates of a scan that change whenever a member is added, removed or reclassified (almost always). */
export interface ScanAggregates {
  memberCount: number;
  nameCount: number;
  byClass: readonly number[];
}

/**
 * Whether a scan's members must be read to know what it changed: a merge commit always; otherwise only
 * when its per-class totals differ from the previous scan's. A scan whose totals all match adds and
 * removes nothing in nearly every history, and skipping it keeps reads on the per-scan aggregates.
 */
export function needsMemberDiff(scan: ScanAggregates & { message: string | null }, previous: ScanAggregates): boolean {
  if (parsePullRequest(scan.message)) return true;
  return (
    scan.memberCount !== previous.memberCount ||
    scan.nameCount !== previous.nameCount ||
    scan.byClass.some((count, index) => count !== previous.byClass[index])
  );
}
