import type { CheckResult, Member } from "@/lib/contract/inventory";
import { CHECK_IDS, CLASSIFICATIONS, UNPHASED, type CheckId, type Classification } from "@/lib/contract/vocabulary";
import { pickOne } from "./view-params";

export const MEMBER_SORTS = ["name", "classification", "phase", "file", "loc", "emits"] as const;
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export const MEMBER_FILTER_KEYS = ["class", "phase", "check", "q", "sort", "dir"] as const;

/** Filters and order of the members table: in the page URL and the members API alike. */
export interface MemberFilter {
  class?: Classification | undefined;
  phase?: string | undefined;
  check?: CheckId | undefined;
  q?: string | undefined;
  sort: (typeof MEMBER_SORTS)[number];
  dir: (typeof SORT_DIRECTIONS)[number];
}

/** Lenient parse for page URLs (unknown values are dropped); the API validates strictly instead. */
export function memberFilterFromSearch(
  get: (key: (typeof MEMBER_FILTER_KEYS)[number]) => string | string[] | undefined | null,
): MemberFilter {
  const text = (value: string | string[] | undefined | null) => {
    const first = Array.isArray(value) ? value[0] : value;
    return first ? first.slice(0, 512) : undefined;
  };
  const classification = text(get("class"));
  const check = text(get("check"));
  return {
    class: CLASSIFICATIONS.find((c) => c === classification),
    phase: text(get("phase")),
    check: CHECK_IDS.find((id) => id === check),
    q: text(get("q"))?.slice(0, 200),
    sort: pickOne(get("sort"), MEMBER_SORTS, "classification"),
    dir: pickOne(get("dir"), SORT_DIRECTIONS, "asc"),
  };
}

const CLASS_ORDER = new Map(CLASSIFICATIONS.map((c, index) => [c, index]));

export function filterMembers(members: readonly Member[], checks: readonly CheckResult[], filter: MemberFilter): Member[] {
  const involved = filter.check ? new Set(checks.find((check) => check.id === filter.check)?.members ?? []) : null;
  const needle = filter.q?.toLowerCase();
  const kept = members.filter(
    (member) =>
      (!filter.class || member.classification === filter.class) &&
      (!filter.phase || (member.phase ?? UNPHASED) === filter.phase) &&
      (!involved || involved.has(member.key)) &&
      (!needle || member.name.toLowerCase().includes(needle) || member.file.toLowerCase().includes(needle)),
  );
  const direction = filter.dir === "desc" ? -1 : 1;
  const compare = (a: Member, b: Member): number => {
    switch (filter.sort) {
      case "classification":
        return (CLASS_ORDER.get(a.classification) ?? 0) - (CLASS_ORDER.get(b.classification) ?? 0);
      case "phase":
        return (a.phase ?? UNPHASED).localeCompare(b.phase ?? UNPHASED);
      case "file":
        return a.file.localeCompare(b.file) || a.line - b.line;
      case "loc":
        return a.loc - b.loc;
      case "emits":
        return a.emits - b.emits;
      case "name":
        return a.name.localeCompare(b.name);
    }
  };
  return kept.sort((a, b) => direction * compare(a, b) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}
