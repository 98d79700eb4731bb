"use client";

import Link from "next/link";
import { filterMembers, MEMBER_SORTS, type MemberFilter } from "@/lib/analytics/members";
import { CHECK_IDS, CHECK_TITLES, CLASSIFICATIONS, CLASSIFICATION_LABELS, UNPHASED } from "@/lib/contract/vocabulary";
import { engineHref, fileLink } from "@/lib/links";
import type { ScanDetail } from "@/lib/queries/types";

export interface MembersTableProps {
  slug: string;
  repoUrl: string | null;
  scan: ScanDetail;
  filter: MemberFilter;
  onFilterChange: (changes: Partial<Record<keyof MemberFilter, string | null>>) => void;
}

const SORT_LABELS: Record<(typeof MEMBER_SORTS)[number], string> = {
  name: "Member",
  classification: "Class",
  phase: "Phase",
  file: "File",
  loc: "LOC",
  emits: "Emits",
};

export function MembersTable({ slug, repoUrl, scan, filter, onFilterChange }: MembersTableProps) {
  const members = filterMembers(scan.members, scan.checkResults, filter);
  const phases = [...new Set(scan.members.map((member) => member.phase ?? UNPHASED))].sort();
  const sortHeader = (column: (typeof MEMBER_SORTS)[number], numeric = false) => {
    const active = filter.sort === column;
    return (
      <th scope="col" className={numeric ? "num" : undefined} aria-sort={active ? (filter.dir === "asc" ? "ascending" : "descending") : "none"}>
        <button
          type="button"
          className="th-sort"
          onClick={() => onFilterChange({ sort: column, dir: active && filter.dir === "asc" ? "desc" : "asc" })}
        >
          {SORT_LABELS[column]}
          {active ? (filter.dir === "asc" ? " ▲" : " ▼") : ""}
        </button>
      </th>
    );
  };
  return (
    <>
      <div className="toolbar" role="group" aria-label="Filter members">
        <label>
          Class{" "}
          <select value={filter.class ?? ""} onChange={(event) => onFilterChange({ class: event.target.value || null })}>
            <option value="">All</option>
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {CLASSIFICATION_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Phase{" "}
          <select value={filter.phase ?? ""} onChange={(event) => onFilterChange({ phase: event.target.value || null })}>
            <option value="">All</option>
            {phases.map((phase) => (
              <option key={phase} value={phase}>
                {phase === UNPHASED ? "Unphased" : phase}
              </option>
            ))}
          </select>
        </label>
        <label>
          Check{" "}
          <select value={filter.check ?? ""} onChange={(event) => onFilterChange({ check: event.target.value || null })}>
            <option value="">Any</option>
            {CHECK_IDS.map((id) => (
              <option key={id} value={id}>
                {CHECK_TITLES[id]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search{" "}
          <input type="search" value={filter.q ?? ""} placeholder="name or path" onChange={(event) => onFilterChange({ q: event.target.value || null })} />
        </label>
        <span className="muted" data-testid="members-count">
          {members.length} of {scan.members.length}
        </span>
      </div>
      <table className="data" data-testid="members-table">
        <thead>
          <tr>
            {sortHeader("name")}
            {sortHeader("classification")}
            <th scope="col">Why</th>
            {sortHeader("phase")}
            {sortHeader("file")}
            {sortHeader("loc", true)}
            <th scope="col">Constructor</th>
            {sortHeader("emits", true)}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const href = fileLink(repoUrl, scan.commit.sha, member.file, member.line);
            const location = `${member.file}:${member.line}`;
            return (
              <tr key={member.key} data-member={member.name}>
                <td>
                  <Link href={engineHref(slug, member.key)}>{member.name}</Link>
                  {member.kind === "alias" ? <span className="muted"> (alias of {member.aliasOf})</span> : null}
                </td>
                <td>{CLASSIFICATION_LABELS[member.classification]}</td>
                <td className="muted">{member.reason}</td>
                <td>{member.phase ?? <span className="muted">–</span>}</td>
                <td className="mono">
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {location}
                    </a>
                  ) : (
                    location
                  )}
                </td>
                <td className="num">{member.loc}</td>
                <td>
                  <code>{member.constructor?.signature ?? "–"}</code>
                </td>
                <td className="num">{member.emits}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
