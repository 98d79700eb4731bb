"use client";

import Link from "next/link";
import { Sparkline } from "@/components/charts/Sparkline";
import { StatusBadge } from "@/components/common/StatusBadge";
import { STATUS_LABELS } from "@/lib/analytics/status";
import type { FamilyRow } from "@/lib/contract/repository";
import { formatCount } from "@/lib/contract/vocabulary";
import { projectHref } from "@/lib/links";
import { type FamilySort, type FamilyView, STATUS_FILTERS, viewFamilies } from "./families";
import { IssueLink } from "./IssueLink";

const SORT_LABELS: Record<FamilySort, string> = {
  family: "Family",
  status: "Status",
  count: "Count / target",
  change: "7 days",
  due: "Next phase",
  checks: "Checks failing",
};

export interface FamiliesTableProps {
  rows: readonly FamilyRow[];
  view: FamilyView;
  onViewChange: (changes: Record<string, string | null>) => void;
}

/** Every family as a row: sortable by any column header, filtered by status and text; the state is the caller's (the URL). */
export function FamiliesTable({ rows, view, onViewChange }: FamiliesTableProps) {
  const shown = viewFamilies(rows, view);
  const header = (column: FamilySort, className = "") => {
    const active = view.sort === column;
    return (
      <th scope="col" className={className} aria-sort={active ? (view.dir === "asc" ? "ascending" : "descending") : "none"}>
        <button
          type="button"
          className="th-sort"
          data-sort={column}
          onClick={() => onViewChange({ sort: column, dir: active && view.dir === "asc" ? "desc" : "asc" })}
        >
          {SORT_LABELS[column]}
          {active ? (view.dir === "asc" ? " ▲" : " ▼") : ""}
        </button>
      </th>
    );
  };
  return (
    <>
      <div className="toolbar">
        <label>
          Status{" "}
          <select value={view.status} onChange={(event) => onViewChange({ status: event.target.value })} data-testid="family-status-filter">
            {STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {status === "all" ? "All" : status === "stale" ? "Stale" : STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Find{" "}
          <input
            type="search"
            value={view.q}
            placeholder="family name or slug"
            onChange={(event) => onViewChange({ q: event.target.value })}
            data-testid="family-search"
          />
        </label>
        <span className="muted" data-testid="family-count">
          {shown.length} of {rows.length} {rows.length === 1 ? "family" : "families"}
        </span>
      </div>
      <div className="table-scroll">
        <table className="data families-table" data-testid="families-table">
          <thead>
            <tr>
              {header("family", "col-family")}
              {header("status")}
              {header("count", "num")}
              <th scope="col">Last 12 weeks</th>
              {header("change", "num")}
              {header("due")}
              {header("checks", "num")}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.family} data-family={row.family}>
                <td className="col-family">
                  <Link href={projectHref(row.project)} data-testid="family-link">
                    {row.name}
                  </Link>
                  <div className="muted mono">{row.family}</div>
                  <IssueLink url={row.issueUrl} />
                </td>
                <td>
                  <StatusBadge status={row.status} stale={row.stale} detail={row.statusDetail} />
                </td>
                <td className="num" data-testid="family-count-cell">
                  {row.latest ? (
                    <>
                      {`${row.latest.counted} / ${row.target ?? row.latest.finalTarget}`}
                      <div className="muted">
                        {formatCount({ names: row.latest.names, members: row.latest.definitions }, row.latest.countUnit)}
                      </div>
                    </>
                  ) : (
                    "no scans"
                  )}
                </td>
                <td>
                  <Sparkline values={row.sparkline} label={`Count trend for ${row.name}`} />
                </td>
                <td
                  className={`num ${row.change === null ? "" : row.change < 0 ? "status-good" : row.change > 0 ? "status-bad" : ""}`}
                  data-testid="family-change"
                >
                  {row.change === null ? "–" : row.change > 0 ? `+${row.change}` : row.change}
                </td>
                <td>
                  {row.nextPhase ? (
                    <>
                      {row.nextPhase.name} <span className="muted nowrap">due {row.nextPhase.due}</span>
                    </>
                  ) : (
                    "–"
                  )}
                </td>
                <td className={`num ${row.checksFailed ? "status-bad" : ""}`}>{row.checksFailed ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 ? <p className="muted">No family matches this filter.</p> : null}
    </>
  );
}
