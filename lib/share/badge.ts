import anafanafo from "anafanafo";
import { encodeXML } from "entities";
import type { ProjectStatus } from "@/lib/analytics/status";

export type BadgeStyle = "flat" | "flat-square";

export const BADGE_COLORS = {
  done: "#4c1",
  "on-track": "#97ca00",
  "at-risk": "#dfb317",
  late: "#e05d44",
  "no-data": "#9f9f9f",
  unknown: "#9f9f9f",
  failing: "#e05d44",
} as const;

export function statusColor(status: ProjectStatus): string {
  return BADGE_COLORS[status];
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
export function renderBadge({ label, message, color, style }: BadgeInput): string {
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
