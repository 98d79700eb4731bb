/**
 * Markdown that renders untrusted text (class names, file paths, commit messages) inert in
 * GitHub-flavoured markdown: no HTML, no emphasis, no links or mentions, no table breakage,
 * no bidirectional controls.
 */
import { stripBidiControls } from "./bidi";

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Escapes text for inline use: HTML entities for `& < > "`; backslashes for the punctuation that
 * starts emphasis, code, links, strikethrough, math, mentions (`@`), issue refs (`#`) or table cells (`|`);
 * for a leading list or heading marker; and for the `:` of `://` and the `.` of `www.`, so GFM's
 * autolinks never turn a posted path like `https://evil.example/a.py` into a live link (GitHub
 * finds those links while parsing, so an escape stops them). Bidirectional controls are dropped.
 */
export function escapeMarkdownInline(text: string): string {
  return stripBidiControls(text)
    .replace(/\r\n?|\n/g, " ")
    .replace(/[&<>"]/g, (ch) => HTML[ch] as string)
    .replace(/[\\`*_[\]|~#@!$]/g, (ch) => `\\${ch}`)
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/(www)\./gi, "$1\\.")
    .replace(/^([-+=])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Escapes text for one GFM table cell (pipes included, newlines folded). */
export function escapeTableCell(text: string): string {
  return escapeMarkdownInline(text);
}

/** Markdown already made safe by the caller (e.g. `**bold**` around escaped text). */
export interface RawMarkdown {
  md: string;
}

export type Cell = string | number | boolean | null | RawMarkdown;

export function raw(md: string): RawMarkdown {
  return { md };
}

export type Align = "left" | "right" | "center";

function cell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "object") return value.md.replace(/\r\n?|\n/g, " ").replace(/(?<!\\)\|/g, "\\|");
  return escapeTableCell(String(value));
}

/** A GFM table. Plain values are escaped; wrap pre-rendered markdown with `raw()`. */
export function mdTable(headers: readonly Cell[], rows: readonly (readonly Cell[])[], align: readonly Align[] = []): string {
  const rule = headers.map((_, i) => {
    const a = align[i];
    return a === "right" ? "---:" : a === "center" ? ":---:" : "---";
  });
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const width = headers.length;
  return [
    line(headers.map(cell)),
    line(rule),
    ...rows.map((row) => line(Array.from({ length: width }, (_, i) => cell(row[i] ?? null)))),
  ].join("\n");
}

/**
 * An inline code span that survives any backticks in the text (not for table cells with pipes).
 * Nothing inside a code span is a link, so it is the literal form for names and paths.
 */
export function mdCode(value: string): string {
  const text = stripBidiControls(value);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\r\n?|\n/g, " ")}${pad}${fence}`;
}
