import { CLASSIFICATION_LABELS, isComplete, type Inventory } from "../../contract/inventory";
import { escapeMarkdownInline, mdTable, raw } from "../../format/markdown";
import { checkTitle, checkValue, classificationRows, commitLabel, phaseRows } from "./summary";

/** The inventory for an issue thread: every name and path escaped so it renders inert. */
export function renderMarkdown(inventory: Inventory): string {
  const { totals, plan } = inventory;
  const e = escapeMarkdownInline;
  const out: string[] = [];
  const failing = inventory.checks.filter((c) => !c.passed).length;
  out.push(`### ${e(plan.pattern)}: ${totals.counted} counted / target ${plan.target}`);
  out.push("");
  out.push(
    `${totals.members} members · primary ${plan.primary ? e(plan.primary) : "_none_"} · ${inventory.checks.length - failing}/${inventory.checks.length} checks pass · ${e(commitLabel(inventory))}`,
  );
  if (!isComplete(inventory)) {
    out.push("", `> **Incomplete scan:** ${inventory.files.skipped.length} skipped, ${inventory.files.failed.length} failed (listed below).`);
  }
  out.push("", mdTable(["Class", "Members"], classificationRows(inventory).map(([c, n]) => [CLASSIFICATION_LABELS[c as keyof typeof CLASSIFICATION_LABELS], n]), ["left", "right"]));
  const phases = phaseRows(inventory);
  if (phases.length > 0) {
    out.push("", mdTable(["Phase", "Members", "Target", "Due"], phases.map(([name, n, target, due]) => [name, n, target ?? "–", due ?? "–"]), ["left", "right", "right", "left"]));
  }
  out.push(
    "",
    mdTable(
      ["Check", "Result", "Value", "Summary"],
      inventory.checks.map((c) => [checkTitle(c.id), raw(c.passed ? "pass" : "**FAIL**"), checkValue(c), c.summary]),
      ["left", "left", "right", "left"],
    ),
  );
  out.push(
    "",
    mdTable(
      ["Member", "Class", "Phase", "File", "LOC", "Reason"],
      inventory.members.map((m) => [m.name, m.classification, m.phase ?? "–", `${m.file}:${m.line}`, m.loc, m.reason]),
      ["left", "left", "left", "left", "right", "left"],
    ),
  );
  const issues = [
    ...inventory.files.skipped.map((f) => ["skipped", f.file, f.reason]),
    ...inventory.files.failed.map((f) => ["failed", f.file, f.reason]),
  ];
  if (issues.length > 0) out.push("", mdTable(["File issue", "File", "Reason"], issues));
  return `${out.join("\n")}\n`;
}
