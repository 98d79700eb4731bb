import { stringify } from "csv-stringify/sync";
import { stripBidiControls } from "./bidi";

export type CsvValue = string | number | boolean | null | undefined;

/**
 * Spreadsheet apps run cells that start with = + - @ (or a tab/CR) as formulas; untrusted text
 * (class names, paths, commit messages) gets a leading apostrophe so it stays text. Bidirectional
 * controls are dropped first (a spreadsheet would show them reordered), so none can hide a formula.
 */
function neutralize(value: CsvValue): CsvValue {
  if (typeof value !== "string") return value;
  const text = stripBidiControls(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv<T extends string>(columns: readonly T[], rows: ReadonlyArray<Record<T, CsvValue>>): string {
  return stringify(
    rows.map((row) => columns.map((column) => neutralize(row[column]))),
    {
      header: true,
      columns: [...columns],
      record_delimiter: "\r\n",
      quoted_match: /[\r\n]/,
      cast: { boolean: (value) => (value ? "true" : "false") },
    },
  );
}
