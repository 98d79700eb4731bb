/**
 * The contract's vocabulary without zod, so client components can import it without pulling the
 * schemas into the browser bundle. lib/contract/inventory.ts re-exports all of it.
 */

export const CLASSIFICATIONS = ["primary", "core", "adapter", "factory", "legacy", "interface", "support"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  primary: "Primary",
  core: "Core duplicate",
  adapter: "Adapter / wrapper",
  factory: "Factory / builder",
  legacy: "Legacy / redirect",
  interface: "Interface / abstract",
  support: "Support",
};

export const CHECK_IDS = [
  "count-within-target",
  "single-primary",
  "constructor-signatures",
  "event-channels",
  "thin-adapters",
  "redirects-to-primary",
  "one-definition-per-name",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_TITLES: Record<CheckId, string> = {
  "count-within-target": "Count within target",
  "single-primary": "Exactly one primary",
  "constructor-signatures": "One constructor signature",
  "event-channels": "One event channel",
  "thin-adapters": "Adapters are thin",
  "redirects-to-primary": "Redirects resolve to the primary",
  "one-definition-per-name": "One definition per name",
};

/** What the target counts: distinct member names (the default: what teams say) or every definition. */
export const COUNT_UNITS = ["names", "definitions"] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];

/** "24 names (35 definitions)": the headline in the plan's unit with the other unit beside it. */
export function formatCount(totals: { names: number; members: number }, unit: CountUnit = "names"): string {
  const names = `${totals.names} ${totals.names === 1 ? "name" : "names"}`;
  const definitions = `${totals.members} ${totals.members === 1 ? "definition" : "definitions"}`;
  return unit === "names" ? `${names} (${definitions})` : `${definitions} (${names})`;
}

export const UNPHASED = "unphased";

/** A project's status on every surface (list, page, badge). */
export const PROJECT_STATUSES = ["done", "on-track", "at-risk", "late", "empty", "no-data"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** A phase against its due date. */
export const PHASE_STATES = ["met", "missed", "on-track", "at-risk", "unknown"] as const;
export type PhaseState = (typeof PHASE_STATES)[number];

/** How the ETA forecast came out. */
export const FORECAST_STATES = ["reached", "forecast", "no-trend", "not-enough-data"] as const;
export type ForecastState = (typeof FORECAST_STATES)[number];

/** The timeline's view state, as it lives in the URL and comes back in the timeline response. */
export const RANGE_PRESETS = ["4w", "12w", "6m", "1y", "all"] as const;
export const GRANULARITIES = ["scan", "day", "week", "month"] as const;
export const STACKS = ["classification", "phase"] as const;
export const FORMATS = ["json", "csv"] as const;

/** The `error.code` of the one error body. */
export const ERROR_CODES = [
  "bad_request",
  "invalid_json",
  "invalid_body",
  "unauthorized",
  "forbidden",
  "not_found",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "unavailable",
  "internal",
] as const;
