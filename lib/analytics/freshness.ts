import { DAY_MS } from "./plan";

/** A project whose latest scan is older than this many days says so next to its status. */
export const DEFAULT_STALE_DAYS = 14;
const MAX_STALE_DAYS = 3650;

/**
 * CONVERGE_STALE_DAYS: a whole number of days, 1 to 3650; unset or empty means 14. Anything else
 * throws, so a typo is a startup error instead of a silently different threshold.
 */
export function parseStaleDays(value: string | undefined): number {
  const text = value?.trim() ?? "";
  if (text === "") return DEFAULT_STALE_DAYS;
  const days = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_STALE_DAYS) {
    throw new Error(`CONVERGE_STALE_DAYS must be a whole number of days from 1 to ${MAX_STALE_DAYS}; got "${value}"`);
  }
  return days;
}

export function staleDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return parseStaleDays(env.CONVERGE_STALE_DAYS);
}

export interface Staleness {
  /** Whole days between the latest scan and now. */
  ageDays: number;
  /** The threshold it is judged against (CONVERGE_STALE_DAYS). */
  limitDays: number;
  lastScan: string;
  /** "stale: last scan 15 days ago" */
  label: string;
}

export function ageInWords(days: number): string {
  if (days <= 0) return "today";
  return days === 1 ? "1 day ago" : `${days.toLocaleString("en-US")} days ago`;
}

/** Null while the latest scan is recent enough (or there is none); otherwise how old it is, in words. */
export function staleness(lastScan: string | null, now: number, limitDays: number): Staleness | null {
  if (lastScan === null) return null;
  const age = now - Date.parse(lastScan);
  if (!(age > limitDays * DAY_MS)) return null;
  const ageDays = Math.floor(age / DAY_MS);
  return { ageDays, limitDays, lastScan, label: `stale: last scan ${ageInWords(ageDays)}` };
}
