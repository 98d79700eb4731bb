/**
 * `converge explain` for people: the reconciliation in one screen (table), or for an issue thread
 * (markdown, every name and path escaped). The sentences are shared so pages can say the same thing.
 */
import { HIT_KINDS, type Explain, type ExplainOutput } from "../contract/explain";
import { escapeMarkdownInline, mdCode, mdTable } from "../format/markdown";
import { textTable } from "./report/table";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const PLACES = ["docstring", "comment", "string", "code"] as const;

/** "24 words on 22 lines with `class ` → 17 class names + 7 only in docstrings": the usual grep count, reconciled. */
export function classLineSentence(explain: Explain): string {
  const { classLines } = explain;
  const rest = PLACES.filter((p) => classLines.otherPlaces[p] > 0).map((p) =>
    p === "code" ? ` + ${classLines.otherPlaces[p]} in other code` : ` + ${classLines.otherPlaces[p]} only in ${p}s`,
  );
  return `${plural(classLines.words.length, "word")} on ${plural(classLines.lines, "line")} with \`class \` → ${plural(classLines.classNames.length, "class name")}${rest.join("")}`;
}

/** The lines of the reconciliation, plain text (names and paths as they are). */
export function explainSummary(explain: Explain): string[] {
  const classes = explain.definitions.filter((d) => d.kind === "class").length;
  const aliases = explain.definitions.length - classes;
  const nonMembers = explain.grep.words.filter((w) => !explain.names.includes(w));
  const lines = [
    `grep: ${plural(explain.grep.words.length, "word")} on ${plural(explain.grep.lines, "line")} in ${plural(explain.grep.files, "file")}`,
    `class lines: ${classLineSentence(explain)}`,
    `members: ${plural(explain.names.length, "name")} in ${plural(explain.definitions.length, "definition")} (${plural(classes, "class", "classes")}, ${plural(aliases, "alias", "aliases")}); ${plural(nonMembers.length, "word")} that ${nonMembers.length === 1 ? "is" : "are"} not a member`,
  ];
  for (const e of explain.excluded) lines.push(`left out: ${plural(e.hits, "hit")} in ${plural(e.files, "file")}, ${e.reason}`);
  return lines;
}

function kindRows(explain: Explain): Array<[string, number, number]> {
  return HIT_KINDS.map((kind) => [
    kind,
    explain.byKind[kind],
    new Set(explain.hits.filter((h) => h.kind === kind).map((h) => h.word)).size,
  ]);
}

function nonMemberRows(explain: Explain): Array<[string, number, string]> {
  const names = new Set(explain.names);
  const rows: Array<[string, number, string]> = [];
  for (const word of explain.grep.words) {
    if (names.has(word)) continue;
    const hits = explain.hits.filter((h) => h.word === word);
    const kinds = new Map<string, number>();
    for (const h of hits) kinds.set(h.kind, (kinds.get(h.kind) ?? 0) + 1);
    rows.push([word, hits.length, [...kinds.entries()].map(([k, n]) => `${k} ${n}`).join(", ")]);
  }
  return rows;
}

function heading(explain: Explain): string {
  const family = explain.family.name ?? explain.family.pattern;
  return `converge explain · ${family} · pattern /${explain.family.pattern}/${explain.name ? ` · name ${explain.name}` : ""}`;
}

/** One family for a terminal: the reconciliation, the kinds, then the non-member words (or, with a name, every hit). */
export function renderExplainTable(explain: Explain): string {
  const out = [heading(explain), "", ...explainSummary(explain), ""];
  out.push(textTable(["Kind", "Hits", "Words"], kindRows(explain)), "");
  if (explain.name) {
    out.push(
      textTable(
        ["File", "Line", "Kind", "Member"],
        explain.hits.map((h) => [h.file, h.line, h.kind, h.member ?? ""]),
      ),
    );
  } else {
    const rows = nonMemberRows(explain);
    out.push(
      rows.length > 0
        ? textTable(["Not a member", "Hits", "As"], rows)
        : explain.grep.words.length > 0
          ? "Every matching word is a member."
          : "No word in the scanned files matches the pattern.",
    );
  }
  return `${out.join("\n")}\n`;
}

/** One family for an issue thread. */
export function renderExplainMarkdown(explain: Explain): string {
  const e = escapeMarkdownInline;
  const family = explain.family.name ?? explain.family.pattern;
  const out = [`### Why this number? ${e(family)}${explain.name ? ` (${mdCode(explain.name)})` : ""}`, ""];
  for (const line of explainSummary(explain)) out.push(`- ${e(line)}`);
  out.push("", mdTable(["Kind", "Hits", "Words"], kindRows(explain), ["left", "right", "right"]), "");
  if (explain.name) {
    out.push(
      mdTable(
        ["File", "Line", "Kind", "Member"],
        explain.hits.map((h) => [h.file, h.line, h.kind, h.member ?? ""]),
      ),
    );
  } else {
    const rows = nonMemberRows(explain);
    if (rows.length > 0) out.push(mdTable(["Not a member", "Hits", "As"], rows, ["left", "right", "left"]));
  }
  return `${out.join("\n")}\n`;
}

export function renderExplainJson(output: ExplainOutput): string {
  return `${JSON.stringify(output, null, 2)}\n`;
}
