import type { Totals } from "@/lib/contract/inventory";
import { CLASSIFICATIONS, CLASSIFICATION_LABELS, UNPHASED } from "@/lib/contract/vocabulary";

/** Totals by class and by phase, for one scan or side by side for two. */
export function TotalsTable({ columns }: { columns: Array<{ label: string; totals: Totals }> }) {
  const phases = [...new Set(columns.flatMap((column) => Object.keys(column.totals.byPhase)))].sort((a, b) =>
    a === UNPHASED ? 1 : b === UNPHASED ? -1 : a.localeCompare(b),
  );
  const rows: Array<{ label: string; values: number[]; strong?: boolean }> = [
    { label: "Count toward target", values: columns.map((column) => column.totals.counted), strong: true },
    { label: "All members", values: columns.map((column) => column.totals.members) },
    ...CLASSIFICATIONS.map((c) => ({ label: CLASSIFICATION_LABELS[c], values: columns.map((column) => column.totals.byClassification[c]) })),
    ...phases.map((phase) => ({
      label: `Phase: ${phase === UNPHASED ? "unphased" : phase}`,
      values: columns.map((column) => column.totals.byPhase[phase] ?? 0),
    })),
  ];
  return (
    <table className="data" data-testid="totals-table">
      <thead>
        <tr>
          <th scope="col" />
          {columns.map((column) => (
            <th key={column.label} scope="col" className="num">
              {column.label}
            </th>
          ))}
          {columns.length === 2 ? (
            <th scope="col" className="num">
              Change
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const change = columns.length === 2 ? (row.values[1] ?? 0) - (row.values[0] ?? 0) : null;
          return (
            <tr key={row.label}>
              <th scope="row">{row.strong ? <strong>{row.label}</strong> : row.label}</th>
              {row.values.map((value, index) => (
                <td key={index} className="num">
                  {value}
                </td>
              ))}
              {change !== null ? (
                <td className={`num ${change < 0 ? "status-good" : change > 0 ? "status-bad" : "muted"}`}>{change > 0 ? `+${change}` : change}</td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
