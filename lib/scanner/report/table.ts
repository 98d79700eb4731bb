import type { Inventory } from "../../contract/inventory";
import {
  checkTitle,
  checkValue,
  classificationRows,
  commitLabel,
  definitionsPerName,
  measuresUsages,
  phaseRows,
  shortenMiddle,
  sizeLabel,
  statusLine,
  usedByLabel,
} from "./summary";

/** Column caps: a long path or name is shortened in its middle instead of widening every line of the table. */
export const MAX_NAME_WIDTH = 48;
export const MAX_FILE_WIDTH = 60;
const RULE_WIDTH = 40;

/** Plain fixed-width columns; numbers right-aligned; the last column is never padded. */
export function textTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) => headers.map((_, i) => String(row[i] ?? "")));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === "number"));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const last = headers.length - 1;
  const fmt = (row: readonly string[]) =>
    row
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : i === last ? c : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  // The last column is free-form text (reasons, summaries): its rule stays short.
  const rule = widths.map((w, i) => "-".repeat(i === last ? Math.min(w, Math.max(headers[i]?.length ?? 0, RULE_WIDTH)) : w));
  return [fmt(headers), fmt(rule), ...cells.map(fmt)].join("\n");
}

/** The inventory for people at a terminal. */
export function renderTable(inventory: Inventory): string {
  const out: string[] = [];
  const { plan } = inventory;
  out.push(`converge scan · pattern /${plan.pattern}/ · primary ${plan.primary ?? "(none)"} · ${commitLabel(inventory)}`);
  out.push(statusLine(inventory), "");
  const definitions = definitionsPerName(inventory);
  // Scans that measured usages get a USED BY column (files and sites outside the member's file, or "removable").
  const usages = measuresUsages(inventory);
  out.push(
    textTable(
      ["NAME", "KIND", "CLASS", "PHASE", "FILE:LINE", "LOC", ...(usages ? ["USED BY"] : []), "REASON"],
      inventory.members.map((m) => {
        // A name defined more than once is marked: the duplicates one-definition-per-name lists.
        const times = definitions.get(m.name) ?? 1;
        const name = shortenMiddle(m.name, MAX_NAME_WIDTH - (times > 1 ? ` ×${times}`.length : 0));
        return [
          times > 1 ? `${name} ×${times}` : name,
          m.kind,
          m.classification + (m.counted ? "" : " (not counted)"),
          shortenMiddle(m.phase ?? "-", MAX_NAME_WIDTH),
          shortenMiddle(`${m.file}:${m.line}`, MAX_FILE_WIDTH),
          m.loc,
          ...(usages ? [usedByLabel(m)] : []),
          m.reason,
        ];
      }),
    ),
    "",
  );
  out.push(`${sizeLabel(inventory)}; the target counts ${plan.count}`);
  out.push(textTable(["CLASS", "DEFINITIONS", `COUNTED ${plan.count.toUpperCase()}`], classificationRows(inventory)), "");
  const phases = phaseRows(inventory);
  if (phases.length > 0) {
    out.push(
      textTable(
        ["PHASE", "DEFINITIONS", `COUNTED ${plan.count.toUpperCase()}`, "TARGET", "DUE"],
        phases.map(([name, n, counted, target, due]) => [shortenMiddle(name, MAX_NAME_WIDTH), n, counted, target ?? "-", due ?? "-"]),
      ),
      "",
    );
  }
  out.push(
    textTable(
      ["CHECK", "RESULT", "VALUE", "SUMMARY"],
      inventory.checks.map((c) => [checkTitle(c.id), c.passed ? "pass" : "FAIL", checkValue(c), c.summary]),
    ),
  );
  const issues = [
    ...inventory.files.skipped.map((f) => ["skipped", shortenMiddle(f.file, MAX_FILE_WIDTH), f.reason] as const),
    ...inventory.files.failed.map((f) => ["failed", shortenMiddle(f.file, MAX_FILE_WIDTH), f.reason] as const),
  ];
  if (issues.length > 0) out.push("", textTable(["FILE ISSUE", "FILE", "REASON"], issues));
  return `${out.join("\n")}\n`;
}
