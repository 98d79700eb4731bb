import type { Inventory } from "../../contract/inventory";
import { checkTitle, checkValue, classificationRows, commitLabel, phaseRows, statusLine } from "./summary";

/** Plain fixed-width columns; numbers right-aligned. */
export function textTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) => headers.map((_, i) => String(row[i] ?? "")));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === "number"));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const fmt = (row: readonly string[]) =>
    row
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [fmt(headers), fmt(widths.map((w) => "-".repeat(w))), ...cells.map(fmt)].join("\n");
}

/** The inventory for people at a terminal. */
export function renderTable(inventory: Inventory): string {
  const out: string[] = [];
  out.push(`converge scan · pattern /${inventory.plan.pattern}/ · primary ${inventory.plan.primary ?? "(none)"} · ${commitLabel(inventory)}`);
  out.push(statusLine(inventory), "");
  out.push(
    textTable(
      ["NAME", "KIND", "CLASS", "PHASE", "FILE:LINE", "LOC", "REASON"],
      inventory.members.map((m) => [m.name, m.kind, m.classification + (m.counted ? "" : " (not counted)"), m.phase ?? "-", `${m.file}:${m.line}`, m.loc, m.reason]),
    ),
    "",
  );
  out.push(textTable(["CLASS", "MEMBERS"], classificationRows(inventory)), "");
  const phases = phaseRows(inventory);
  if (phases.length > 0) {
    out.push(textTable(["PHASE", "MEMBERS", "TARGET", "DUE"], phases.map(([name, n, target, due]) => [name, n, target ?? "-", due ?? "-"])), "");
  }
  out.push(
    textTable(
      ["CHECK", "RESULT", "VALUE", "SUMMARY"],
      inventory.checks.map((c) => [checkTitle(c.id), c.passed ? "pass" : "FAIL", checkValue(c), c.summary]),
    ),
  );
  const issues = [
    ...inventory.files.skipped.map((f) => ["skipped", f.file, f.reason] as const),
    ...inventory.files.failed.map((f) => ["failed", f.file, f.reason] as const),
  ];
  if (issues.length > 0) out.push("", textTable(["FILE ISSUE", "FILE", "REASON"], issues));
  return `${out.join("\n")}\n`;
}
