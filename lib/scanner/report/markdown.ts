import { CLASSIFICATION_LABELS, isComplete, type Inventory } from "../../contract/inventory";
import { escapeMarkdownInline, mdTable, raw } from "../../format/markdown";
import {
  checkTitle,
  checkValue,
  classificationRows,
  commitLabel,
  countedLabel,
  definitionsPerName,
  legacyUsagesLabel,
  measuresUsages,
  phaseRows,
  sizeLabel,
  usedByLabel,
} from "./summary";

/**
 * The inventory for an issue thread: every name and path escaped so it renders inert. `title` is
 * already-safe markdown for the heading (a portfolio names the family); default: the pattern.
 */
export function renderMarkdown(inventory: Inventory, title?: string): string {
  const { plan } = inventory;
  const e = escapeMarkdownInline;
  const out: string[] = [];
  const failing = inventory.checks.filter((c) => !c.passed).length;
  out.push(`### ${title ?? e(plan.pattern)}: ${countedLabel(inventory)}`);
  out.push("");
  const legacy = legacyUsagesLabel(inventory);
  out.push(
    `${sizeLabel(inventory)}${legacy ? ` · ${legacy}` : ""} · primary ${plan.primary ? e(plan.primary) : "_none_"} · ${inventory.checks.length - failing}/${inventory.checks.length} checks pass · ${e(commitLabel(inventory))}`,
  );
  if (!isComplete(inventory)) {
    out.push(
      "",
      `> **Incomplete scan:** ${inventory.files.skipped.length} skipped, ${inventory.files.failed.length} failed (listed below).`,
    );
  }
  const countedHeader = `Counted ${plan.count}`;
  out.push(
    "",
    mdTable(
      ["Class", "Definitions", countedHeader],
      classificationRows(inventory).map(([c, n, counted]) => [CLASSIFICATION_LABELS[c as keyof typeof CLASSIFICATION_LABELS], n, counted]),
      ["left", "right", "right"],
    ),
  );
  const phases = phaseRows(inventory);
  if (phases.length > 0) {
    out.push(
      "",
      mdTable(
        ["Phase", "Definitions", countedHeader, "Target", "Due"],
        phases.map(([name, n, counted, target, due]) => [name, n, counted, target ?? "–", due ?? "–"]),
        ["left", "right", "right", "right", "left"],
      ),
    );
  }
  out.push(
    "",
    mdTable(
      ["Check", "Result", "Value", "Summary"],
      inventory.checks.map((c) => [checkTitle(c.id), raw(c.passed ? "pass" : "**FAIL**"), checkValue(c), c.summary]),
      ["left", "left", "right", "left"],
    ),
  );
  const definitions = definitionsPerName(inventory);
  const times = (name: string) => definitions.get(name) ?? 1;
  const usages = measuresUsages(inventory);
  out.push(
    "",
    mdTable(
      ["Member", "Class", "Phase", "File", "LOC", ...(usages ? ["Used by"] : []), "Reason"],
      inventory.members.map((m) => [
        times(m.name) > 1 ? raw(`${e(m.name)} ×${times(m.name)}`) : m.name,
        m.classification,
        m.phase ?? "–",
        `${m.file}:${m.line}`,
        m.loc,
        ...(usages ? [usedByLabel(m)] : []),
        m.reason,
      ]),
      ["left", "left", "left", "left", "right", ...(usages ? (["left"] as const) : []), "left"],
    ),
  );
  const issues = [
    ...inventory.files.skipped.map((f) => ["skipped", f.file, f.reason]),
    ...inventory.files.failed.map((f) => ["failed", f.file, f.reason]),
  ];
  if (issues.length > 0) out.push("", mdTable(["File issue", "File", "Reason"], issues));
  return `${out.join("\n")}\n`;
}
