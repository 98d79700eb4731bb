import { bucketOf } from "@/lib/analytics/buckets";
import type { CommitEntry } from "./git";

export { bucketOf };

export const EVERY = ["day", "week", "month", "commit"] as const;
export type Every = (typeof EVERY)[number];

export interface SampleRange {
  since?: Date | undefined;
  until?: Date | undefined;
}

/**
 * One commit per UTC bucket: the newest one of the bucket, by committer date (log order breaks
 * ties, so on the first-parent line it is the one that was the branch tip at the bucket's end).
 * `commits` come newest first; the sample is returned oldest first.
 */
export function sampleCommits(commits: readonly CommitEntry[], every: Every, range: SampleRange = {}): CommitEntry[] {
  const since = range.since ? range.since.getTime() / 1000 : -Infinity;
  const until = range.until ? range.until.getTime() / 1000 : Infinity;
  const newest = new Map<string, CommitEntry>();
  for (const commit of commits) {
    if (commit.time < since || commit.time > until) continue;
    const bucket = every === "commit" ? commit.sha : bucketOf(commit.time, every);
    const held = newest.get(bucket);
    if (!held || commit.time > held.time) newest.set(bucket, commit);
  }
  const order = new Map(commits.map((c, i) => [c.sha, i]));
  // Oldest first: by date, then by reverse log order (a parent is listed after its child).
  return [...newest.values()].sort((a, b) => a.time - b.time || (order.get(b.sha) ?? 0) - (order.get(a.sha) ?? 0));
}

const RELATIVE = /^(\d+)\s*(d|w|m|y)$/i;

/**
 * `YYYY-MM-DD`, a full ISO date-time, or a span back from `now` (`90d`, `12w`, `6m`, `1y`).
 * A bare date means the start of that UTC day; with `endOfDay` (for --until) its last second.
 */
export function parseDateFlag(value: string, now: Date = new Date(), endOfDay = false): Date | null {
  const relative = RELATIVE.exec(value.trim());
  if (relative) {
    const n = Number(relative[1]);
    const unit = (relative[2] as string).toLowerCase();
    const date = new Date(now);
    if (unit === "d") date.setUTCDate(date.getUTCDate() - n);
    else if (unit === "w") date.setUTCDate(date.getUTCDate() - 7 * n);
    else if (unit === "m") date.setUTCMonth(date.getUTCMonth() - n);
    else date.setUTCFullYear(date.getUTCFullYear() - n);
    return date;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) return null;
    return endOfDay ? new Date(date.getTime() + 86_399_000) : date;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return null;
}
