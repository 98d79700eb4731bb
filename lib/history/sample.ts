import { utc } from "@date-fns/utc";
import { endOfDay as endOfUtcDay, isValid, parseISO, subDays, subMonths, subWeeks, subYears } from "date-fns";
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
const SUBTRACT = { d: subDays, w: subWeeks, m: subMonths, y: subYears } as const;

/**
 * `YYYY-MM-DD`, a full ISO date-time, or a span back from `now` (`90d`, `12w`, `6m`, `1y`, in UTC
 * calendar units: `1m` back from 31 March is 28 February). A bare date means the start of that UTC
 * day; with `endOfDay` (for --until) its last moment. An impossible date (`2026-02-30`) is null.
 */
export function parseDateFlag(value: string, now: Date = new Date(), endOfDay = false): Date | null {
  const relative = RELATIVE.exec(value.trim());
  if (relative) {
    const unit = (relative[2] as string).toLowerCase() as keyof typeof SUBTRACT;
    return plainDate(SUBTRACT[unit](now, Number(relative[1]), { in: utc }));
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = parseISO(value, { in: utc });
    if (!isValid(day)) return null;
    return plainDate(endOfDay ? endOfUtcDay(day) : day);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    // As written: an offset or `Z` is honoured; without one, local time (as `new Date(value)` reads it).
    const moment = parseISO(value);
    return isValid(moment) ? plainDate(moment) : null;
  }
  return null;
}

/** Callers compare and print plain Dates; date-fns' UTC context hands back its own Date subclass. */
function plainDate(date: Date): Date {
  return new Date(date.getTime());
}
