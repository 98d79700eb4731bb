/**
 * Display formats, one folder: this module holds the short forms every page shows (UTC dates, short SHAs);
 * siblings escape untrusted text per output (markdown.ts, csv.ts, bidi.ts).
 */
const DATE = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "2-digit", timeZone: "UTC" });
const SHORT_DATE = new Intl.DateTimeFormat("en-GB", { month: "short", day: "2-digit", timeZone: "UTC" });

export function formatDate(value: string | number | Date): string {
  return DATE.format(new Date(value));
}

export function formatShortDate(value: string | number | Date): string {
  return SHORT_DATE.format(new Date(value));
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
