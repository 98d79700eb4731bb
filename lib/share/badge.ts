import anafanafo from "anafanafo";
import { encodeXML } from "entities";
import type { Staleness } from "@/lib/analytics/freshness";
import type { ProjectStatus } from "@/lib/analytics/status";

export type BadgeStyle = "flat" | "flat-square";

export const BADGE_COLORS = {
  done: "#4c1",
  "on-track": "#97ca00",
  "at-risk": "#dfb317",
  late: "#e05d44",
  empty: "#9f9f9f",
  "no-data": "#9f9f9f",
  unknown: "#9f9f9f",
  failing: "#e05d44",
} as const;

export function statusColor(status: ProjectStatus): string {
  return BADGE_COLORS[status];
}

/** Word endings that take "es" in the plural (box → boxes, match → matches, alias → aliases). */
const SIBILANT = /(s|x|z|ch|sh)$/i;

function pluralize(word: string): string {
  if (SIBILANT.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/**
 * The family's noun for a badge label, from the plan's pattern: its last word, lower case, plural.
 * `ExecutionEngine` → "engines", `Backend$` → "backends", `*Repository` → "repositories",
 * `Driver` → "drivers". Regex syntax is ignored; a pattern with no word gives "members".
 */
export function familyNoun(pattern: string | null | undefined): string {
  const words = (pattern ?? "").replace(/\\[a-zA-Z]/g, " ").match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
  const last = [...words].reverse().find((word) => /[a-zA-Z]/.test(word));
  return last ? pluralize(last.toLowerCase()) : "members";
}

/** What a project's badge is drawn from: its headline (latest numbers in the plan's unit, status, staleness). */
export interface BadgeHeadline {
  latest: { counted: number; finalTarget: number } | null;
  status: ProjectStatus;
  plan: { pattern: string; target: number } | null;
  stale: Staleness | null;
}

export interface BadgeOptions {
  /** Explicit `?label=`; without it the family noun ("engines", "backends") or "checks". */
  label?: string | undefined;
  metric: "count" | "checks";
  style: BadgeStyle;
}

/**
 * The badge of a project: `engines 14 / 8` in the plan's unit, coloured by status; grey "empty" when
 * no scan found a member; "no data" before the first scan; a stale count says its age.
 */
export function projectBadge(
  headline: BadgeHeadline,
  options: BadgeOptions,
  checks: { passed: number; failed: number } | null = null,
): BadgeInput {
  const label = options.label ?? (options.metric === "checks" ? "checks" : familyNoun(headline.plan?.pattern));
  const { latest } = headline;
  const badge = (message: string, color: string): BadgeInput => ({ label, message, color, style: options.style });
  if (!latest) return badge("no data", BADGE_COLORS["no-data"]);
  if (headline.status === "empty") return badge("empty", BADGE_COLORS.empty);
  const stale = headline.stale ? ` · stale ${headline.stale.ageDays}d` : "";
  if (options.metric === "checks") {
    const passed = checks?.passed ?? 0;
    const total = passed + (checks?.failed ?? 0);
    return badge(`${passed}/${total} passing`, passed === total ? BADGE_COLORS.done : BADGE_COLORS.failing);
  }
  const target = headline.plan?.target ?? latest.finalTarget;
  return badge(`${latest.counted} / ${target}${stale}`, statusColor(headline.status));
}

export interface BadgeInput {
  label: string;
  message: string;
  color: string;
  style: BadgeStyle;
}

const HORIZONTAL_PADDING = 10;

function textWidth(text: string): number {
  return Math.ceil(anafanafo(text, { font: "11px Verdana" }));
}

/**
 * A shields.io-style badge. Every text is XML-escaped and the widths come from the text's measured
 * width; the colour is only ever one of our own constants or a validated hex value.
 */
export function renderBadge({ label: rawLabel, message: rawMessage, color, style }: BadgeInput): string {
  // C0 controls (`?label=a%00b%01c`) are not allowed in XML: dropped, so every badge parses.
  const label = rawLabel.replace(/[\u0000-\u001F\u007F]/g, "");
  const message = rawMessage.replace(/[\u0000-\u001F\u007F]/g, "");
  const labelWidth = textWidth(label) + 2 * HORIZONTAL_PADDING;
  const messageWidth = textWidth(message) + 2 * HORIZONTAL_PADDING;
  const width = labelWidth + messageWidth;
  const safeColor = /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : BADGE_COLORS.unknown;
  const title = encodeXML(`${label}: ${message}`);
  const text = (value: string, center: number) => {
    const escaped = encodeXML(value);
    const shadow = style === "flat" ? `<text x="${center}" y="15" fill="#010101" fill-opacity=".3">${escaped}</text>` : "";
    return `${shadow}<text x="${center}" y="14">${escaped}</text>`;
  };
  const gradient =
    style === "flat"
      ? `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`
      : "";
  const radius = style === "flat" ? 3 : 0;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    gradient,
    `<clipPath id="r"><rect width="${width}" height="20" rx="${radius}" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${safeColor}"/>`,
    style === "flat" ? `<rect width="${width}" height="20" fill="url(#s)"/>` : "",
    `</g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="11">`,
    text(label, labelWidth / 2),
    text(message, labelWidth + messageWidth / 2),
    `</g></svg>`,
  ].join("");
}
