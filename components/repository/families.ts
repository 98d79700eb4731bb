import type { FamilyRow } from "@/lib/contract/repository";
import { PROJECT_STATUSES, type ProjectStatus } from "@/lib/contract/vocabulary";

/** The overview table's view state; it lives in the URL (sort, dir, status, q), so every view is a permalink. */
export const FAMILY_SORTS = ["family", "status", "count", "change", "due", "checks"] as const;
export type FamilySort = (typeof FAMILY_SORTS)[number];
export const STATUS_FILTERS = ["all", ...PROJECT_STATUSES, "stale"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface FamilyView {
  sort: FamilySort;
  dir: "asc" | "desc";
  status: StatusFilter;
  q: string;
}

export const FAMILY_VIEW_DEFAULTS = { sort: "family", dir: "asc", status: "all", q: "" } as const;

const oneOf = <T extends string>(values: readonly T[], value: string, fallback: T): T =>
  (values as readonly string[]).includes(value) ? (value as T) : fallback;

/** The view from the URL's values: anything unknown falls back to the default. */
export function familyViewFrom(get: (key: string) => string): FamilyView {
  return {
    sort: oneOf(FAMILY_SORTS, get("sort"), "family"),
    dir: get("dir") === "desc" ? "desc" : "asc",
    status: oneOf(STATUS_FILTERS, get("status"), "all"),
    q: get("q").slice(0, 200),
  };
}

/** Worst first when sorting by status ascending: what needs attention leads. */
const STATUS_RANK: Record<ProjectStatus, number> = { late: 0, "at-risk": 1, "on-track": 2, done: 3, empty: 4, "no-data": 5 };

/** A sort key; null sorts last whatever the direction (a family without the number is not "smallest"). */
function sortKey(row: FamilyRow, sort: FamilySort): number | string | null {
  switch (sort) {
    case "family":
      return row.name.toLowerCase();
    case "status":
      return STATUS_RANK[row.status];
    case "count":
      return row.latest?.counted ?? null;
    case "change":
      return row.change;
    case "due":
      return row.nextPhase ? row.nextPhase.due : null;
    case "checks":
      return row.checksFailed;
  }
}

function matches(row: FamilyRow, view: FamilyView): boolean {
  if (view.status === "stale" ? row.stale === null : view.status !== "all" && row.status !== view.status) return false;
  const q = view.q.trim().toLowerCase();
  return q === "" || row.name.toLowerCase().includes(q) || row.family.toLowerCase().includes(q) || row.project.toLowerCase().includes(q);
}

/** The rows the view shows, in its order (ties by family slug, so the order is stable). */
export function viewFamilies(rows: readonly FamilyRow[], view: FamilyView): FamilyRow[] {
  const sign = view.dir === "asc" ? 1 : -1;
  return rows
    .filter((row) => matches(row, view))
    .sort((a, b) => {
      const ka = sortKey(a, view.sort);
      const kb = sortKey(b, view.sort);
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) {
        return (ka < kb ? -1 : 1) * sign;
      }
      return a.family < b.family ? -1 : a.family > b.family ? 1 : 0;
    });
}

const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#ea580c", "#0d9488"];

/** By the family's place in the overview, so a family keeps its colour across the chart and its legend. */
export function familyColor(index: number): string {
  return PALETTE[index % PALETTE.length] ?? "#64748b";
}
