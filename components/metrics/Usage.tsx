import { isRemovable, type Member } from "@/lib/contract/inventory";

const plural = (count: number, word: string) => `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;

/** "used by 14 files" (sites in the title), "no usages: removable", or "not measured" for scans without usages. */
export function UsageText({ member }: { member: Pick<Member, "counted" | "classification" | "usedBy"> }) {
  const usedBy = member.usedBy;
  if (!usedBy) return <span className="muted usage-unmeasured">not measured</span>;
  if (isRemovable(member)) {
    return (
      <span className="removable-badge" data-testid="removable" title="counted, not the primary, and used nowhere outside its own file">
        no usages: removable
      </span>
    );
  }
  return (
    <span className="usage" data-testid="used-by" title={`${plural(usedBy.sites, "site")} (imports and references outside its own file)`}>
      {usedBy.files === 0 ? "no usages outside its file" : `used by ${plural(usedBy.files, "file")}`}
    </span>
  );
}

/** A count of usages or "not measured" (null), never 0 for a scan that did not measure them. */
export function usagesLabel(value: number | null | undefined): string {
  return value === null || value === undefined ? "not measured" : value.toLocaleString("en-US");
}
