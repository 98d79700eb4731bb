import { z } from "zod";
import { CHECK_IDS, CLASSIFICATIONS, UNPHASED, type CheckResult, type Member } from "@/lib/contract/inventory";

export const MEMBER_SORTS = ["name", "classification", "phase", "file", "loc", "emits"] as const;

/** Filters and order of the members table: in the page URL and the members API alike. */
export const MemberFilterSchema = z.strictObject({
  class: z.enum(CLASSIFICATIONS).optional(),
  phase: z.string().min(1).max(512).optional(),
  check: z.enum(CHECK_IDS).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(MEMBER_SORTS).default("classification"),
  dir: z.enum(["asc", "desc"]).default("asc"),
});
export type MemberFilter = z.infer<typeof MemberFilterSchema>;

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
