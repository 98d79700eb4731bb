"use client";

import Link from "next/link";
import { filterMembers, type MEMBER_SORTS, type MemberFilter } from "@/lib/analytics/members";
import type { Member } from "@/lib/contract/inventory";
import { CHECK_IDS, CHECK_TITLES, CLASSIFICATIONS, CLASSIFICATION_LABELS, formatCount, UNPHASED } from "@/lib/contract/vocabulary";
import { engineHref, fileLink } from "@/lib/links";
import type { ScanDetail } from "@/lib/contract/responses";
import { Breakable, PathText } from "./LongText";
import { UsageText } from "./Usage";

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

/** How many times each name is defined in the scan: a name defined more than once is marked. */
function definitionsByName(members: readonly Member[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const member of members) counts.set(member.name, (counts.get(member.name) ?? 0) + 1);
  return counts;
}

export function MembersTable({ slug, repoUrl, scan, filter, onFilterChange }: MembersTableProps) {
  const members = filterMembers(scan.members, scan.checkResults, filter);
  const phases = [...new Set(scan.members.map((member) => member.phase ?? UNPHASED))].sort();
  const definitions = definitionsByName(scan.members);
  const repeatedNames = [...definitions.values()].filter((count) => count > 1).length;
  const sortHeader = (column: (typeof MEMBER_SORTS)[number], className?: string) => {
    const active = filter.sort === column;
    return (
      <th scope="col" className={className} aria-sort={active ? (filter.dir === "asc" ? "ascending" : "descending") : "none"}>
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
      <p className="muted" data-testid="members-headline">
        {formatCount(scan.totals, scan.countUnit)}
        {repeatedNames > 0 ? (
          <>
            {" "}
            · {repeatedNames} {repeatedNames === 1 ? "name is" : "names are"} defined more than once{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => onFilterChange({ check: "one-definition-per-name", sort: "name", dir: "asc" })}
            >
              show them
            </button>
          </>
        ) : null}
      </p>
      <fieldset className="toolbar" aria-label="Filter members">
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
          <input
            type="search"
            value={filter.q ?? ""}
            placeholder="name or path"
            onChange={(event) => onFilterChange({ q: event.target.value || null })}
          />
        </label>
        <span className="muted" data-testid="members-count">
          {members.length} of {scan.members.length}
        </span>
      </fieldset>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls sideways in this box, so keyboard users must be able to focus it to scroll */}
      <section className="table-scroll" aria-label="Members table" tabIndex={0}>
        <table className="data sticky-first members" data-testid="members-table">
          <thead>
            <tr>
              {sortHeader("name", "col-name")}
              {sortHeader("classification", "col-class")}
              <th scope="col" className="col-why">
                Why
              </th>
              {sortHeader("phase", "col-phase")}
              {sortHeader("file", "col-path")}
              {sortHeader("loc", "num")}
              <th scope="col" className="col-code">
                Constructor
              </th>
              {sortHeader("emits", "num")}
              <th scope="col" className="col-usage">
                Used by
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <MemberRow
                key={member.key}
                slug={slug}
                repoUrl={repoUrl}
                sha={scan.commit.sha}
                member={member}
                definitions={definitions.get(member.name) ?? 1}
              />
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function MemberRow({
  slug,
  repoUrl,
  sha,
  member,
  definitions,
}: {
  slug: string;
  repoUrl: string | null;
  sha: string;
  member: Member;
  definitions: number;
}) {
  const href = fileLink(repoUrl, sha, member.file, member.line);
  const location = <PathText path={`${member.file}:${member.line}`} max={52} />;
  return (
    <tr data-member={member.name} data-definitions={definitions}>
      <td className="col-name">
        <Link href={engineHref(slug, member.key)}>
          <Breakable text={member.name} />
        </Link>
        {definitions > 1 ? (
          <span className="dup-mark" title={`${member.name} is defined ${definitions} times in this scan`}>
            {" "}
            ×{definitions}
          </span>
        ) : null}
        {member.kind === "alias" ? (
          <span className="muted">
            {" "}
            (alias of <Breakable text={member.aliasOf ?? "?"} />)
          </span>
        ) : null}
      </td>
      <td className="col-class">{CLASSIFICATION_LABELS[member.classification]}</td>
      <td className="col-why muted">
        {/* The reason already ends in "; deprecated method(s): …" when there are any. */}
        {member.reason}
      </td>
      <td className="col-phase">{member.phase ?? <span className="muted">–</span>}</td>
      <td className="col-path">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {location}
          </a>
        ) : (
          location
        )}
      </td>
      <td className="num">{member.loc}</td>
      <td className="col-code">
        <code>
          <Breakable text={member.constructor?.signature ?? "–"} />
        </code>
      </td>
      <td className="num">{member.emits}</td>
      <td className="col-usage">
        <UsageText member={member} />
      </td>
    </tr>
  );
}
