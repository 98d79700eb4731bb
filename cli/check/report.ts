/** Reporters for `converge check`: pure functions from an outcome to `{ output, exitCode }`. */
import { escapeMarkdownInline, mdCode } from "@/lib/format/markdown";
import type { CheckOutcome, Located } from "./baseline";

export interface Rendered {
  output: string;
  exitCode: 0 | 1;
}

const at = (m: Located) => `${m.file}:${m.line}`;
const exitOf = (outcome: CheckOutcome): 0 | 1 => (outcome.passed ? 0 : 1);

export function renderCheckText(outcome: CheckOutcome): Rendered {
  const lines: string[] = [];
  const verdict = outcome.passed ? "PASS" : "FAIL";
  lines.push(
    `${verdict}: ${outcome.now} ${outcome.unit} counted (baseline ${outcome.before}, target ${outcome.target}) against ${outcome.baselineLabel}`,
  );
  for (const reason of outcome.reasons) lines.push(`  - ${reason}`);
  if (outcome.added.length > 0) {
    lines.push("", "New members (not in the baseline):");
    for (const m of outcome.added) lines.push(`  + ${m.name}  ${at(m)}  (${m.classification})`);
  }
  if (outcome.moved.length > 0) {
    lines.push("", "Moved (same name and body):");
    for (const { from, to } of outcome.moved) lines.push(`  > ${to.name}  ${at(from)} -> ${at(to)}`);
  }
  if (outcome.stale.length > 0) {
    lines.push("", "Baseline entries that no longer exist:");
    for (const m of outcome.stale) lines.push(`  - ${m.name}  ${at(m)}`);
  }
  if (outcome.broken.length > 0) {
    lines.push("", "Checks that passed and now fail:");
    for (const c of outcome.broken) lines.push(`  x ${c.title} (${c.id}): ${c.summary}`);
  }
  return { output: `${lines.join("\n")}\n`, exitCode: exitOf(outcome) };
}

/** A PR-comment body. Every name and path is escaped: they come from the scanned code. */
export function renderCheckMarkdown(outcome: CheckOutcome): Rendered {
  const e = escapeMarkdownInline;
  const lines: string[] = [];
  const delta = outcome.now - outcome.before;
  const change = delta === 0 ? "no change" : delta > 0 ? `+${delta}` : `${delta}`;
  lines.push(
    `### ${outcome.passed ? "✅" : "❌"} Converge: ${outcome.now} ${outcome.unit} counted (${change} against ${e(outcome.baselineLabel)}, target ${outcome.target})`,
  );
  lines.push("");
  if (outcome.reasons.length > 0) {
    for (const reason of outcome.reasons) lines.push(`- ${e(reason)}`);
    lines.push("");
  }
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`**${title}**`, "", ...items, "");
  };
  list(
    "New members",
    outcome.added.map((m) => `- ${e(m.name)} at ${mdCode(at(m))} (${e(m.classification)})`),
  );
  list(
    "Moved",
    outcome.moved.map(({ from, to }) => `- ${e(to.name)}: ${mdCode(at(from))} → ${mdCode(at(to))}`),
  );
  list(
    "Stale baseline entries",
    outcome.stale.map((m) => `- ${e(m.name)} at ${mdCode(at(m))}`),
  );
  list(
    "Checks that passed and now fail",
    outcome.broken.map((c) => `- ${e(c.title)}: ${e(c.summary)}`),
  );
  if (outcome.passed && outcome.reasons.length === 0 && outcome.added.length + outcome.stale.length + outcome.moved.length === 0) {
    lines.push("No new members, no newly failing checks.", "");
  }
  return { output: `${lines.join("\n").trimEnd()}\n`, exitCode: exitOf(outcome) };
}

export function renderCheckJson(outcome: CheckOutcome): Rendered {
  return { output: `${JSON.stringify(outcome, null, 2)}\n`, exitCode: exitOf(outcome) };
}
