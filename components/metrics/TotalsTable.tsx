import type { Totals } from "@/lib/contract/inventory";
import { CLASSIFICATIONS, CLASSIFICATION_LABELS, UNPHASED, type CountUnit } from "@/lib/contract/vocabulary";

export interface TotalsColumn {
  label: string;
  totals: Totals;
  /** The unit of `totals.counted`. */
  unit: CountUnit;
}

interface TotalsRow {
  label: string;
  /** One value per column, keyed by the column's label. */
  values: { column: string; value: number }[];
  strong?: boolean;
  /** A heading row that names the rows below it. */
  group?: boolean;
}

function rowsOf(columns: readonly TotalsColumn[]): TotalsRow[] {
  const phases = [...new Set(columns.flatMap((column) => Object.keys(column.totals.byPhase)))].sort((a, b) =>
    a === UNPHASED ? 1 : b === UNPHASED ? -1 : a.localeCompare(b),
  );
  const units = [...new Set(columns.map((column) => column.unit))];
  const countLabel = units.length === 1 ? `Count toward target (${units[0]})` : "Count toward target";
  const cells = (pick: (totals: Totals) => number) => columns.map((column) => ({ column: column.label, value: pick(column.totals) }));
  return [
    { label: countLabel, values: cells((totals) => totals.counted), strong: true },
    { label: "Names", values: cells((totals) => totals.names) },
    { label: "Definitions", values: cells((totals) => totals.members) },
    { label: "Definitions by class", values: [], group: true },
    ...CLASSIFICATIONS.map((c) => ({
      label: CLASSIFICATION_LABELS[c],
      values: cells((totals) => totals.byClassification[c]),
    })),
    { label: "Definitions by phase", values: [], group: true },
    ...phases.map((phase) => ({
      label: phase === UNPHASED ? "Unphased" : phase,
      values: cells((totals) => (Object.hasOwn(totals.byPhase, phase) ? (totals.byPhase[phase] ?? 0) : 0)),
    })),
  ];
}

/** Totals by class and by phase, for one scan or side by side for two, with names beside definitions. */
export function TotalsTable({ columns }: { columns: TotalsColumn[] }) {
  const span = columns.length + (columns.length === 2 ? 2 : 1);
  return (
    <div className="table-scroll">
      <table className="data totals" data-testid="totals-table">
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
          {rowsOf(columns).map((row) =>
            row.group ? (
              <tr key={row.label} className="group-row">
                <th scope="colgroup" colSpan={span}>
                  {row.label}
                </th>
              </tr>
            ) : (
              <TotalsValues key={row.label} row={row} withChange={columns.length === 2} />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function TotalsValues({ row, withChange }: { row: TotalsRow; withChange: boolean }) {
  const change = withChange ? (row.values[1]?.value ?? 0) - (row.values[0]?.value ?? 0) : null;
  return (
    <tr>
      <th scope="row">{row.strong ? <strong>{row.label}</strong> : row.label}</th>
      {row.values.map(({ column, value }) => (
        <td key={column} className="num">
          {value}
        </td>
      ))}
      {change !== null ? (
        <td className={`num ${change < 0 ? "status-good" : change > 0 ? "status-bad" : "muted"}`}>{change > 0 ? `+${change}` : change}</td>
      ) : null}
    </tr>
  );
}
