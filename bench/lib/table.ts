/** A printed benchmark table: left-aligned text, right-aligned numbers. */
export function printTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) => headers.map((_, i) => String(row[i] ?? "")));
  const numeric = headers.map((_, i) =>
    rows.every((row) => typeof row[i] === "number" || /^[\d.,×x%-]+( ?[a-zA-Z/]+)?$/.test(String(row[i] ?? ""))),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const fmt = (row: readonly string[]) =>
    row.map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(" │ ");
  const rule = widths.map((w) => "─".repeat(w)).join("─┼─");
  return [fmt(headers), rule, ...cells.map(fmt)].join("\n");
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}
