import Link from "next/link";
import type { MemberDiff, MemberRef } from "@/lib/analytics/diff";
import { CLASSIFICATION_LABELS } from "@/lib/contract/vocabulary";
import { engineHref } from "@/lib/links";
import { Breakable, PathText } from "./LongText";

function MemberLink({ slug, member }: { slug: string; member: MemberRef }) {
  return (
    <Link href={engineHref(slug, member.key)} title={member.key}>
      <Breakable text={member.name} />
    </Link>
  );
}

/** Paths in the lists are shortened in the middle (whole path in the tooltip) so they stay in their column. */
const PATH_CHARS = 44;

function ClassAndFile({ member }: { member: MemberRef }) {
  return (
    <span className="muted">
      ({CLASSIFICATION_LABELS[member.classification]}, <PathText path={member.file} max={PATH_CHARS} className="" />)
    </span>
  );
}

/** The five kinds of change between two scans; each list says when it is empty. */
export function DiffLists({ slug, diff }: { slug: string; diff: MemberDiff }) {
  const sections = [
    {
      id: "added",
      title: "Added",
      items: diff.added.map((member) => (
        <li key={member.key}>
          <MemberLink slug={slug} member={member} /> <ClassAndFile member={member} />
        </li>
      )),
    },
    {
      id: "removed",
      title: "Removed",
      items: diff.removed.map((member) => (
        <li key={member.key}>
          <MemberLink slug={slug} member={member} /> <ClassAndFile member={member} />
        </li>
      )),
    },
    {
      id: "reclassified",
      title: "Reclassified",
      items: diff.reclassified.map((change) => (
        <li key={change.member.key}>
          <MemberLink slug={slug} member={change.member} /> {CLASSIFICATION_LABELS[change.from]} → {CLASSIFICATION_LABELS[change.to]}
        </li>
      )),
    },
    {
      id: "moved",
      title: "Moved",
      items: diff.moved.map((move) => (
        <li key={move.to.key}>
          <MemberLink slug={slug} member={move.to} />
          {/* Whole paths: a move often differs only in the middle, which shortening would hide. */}
          <div className="mono path">
            <Breakable text={move.from.file} /> → <Breakable text={move.to.file} />
          </div>
        </li>
      )),
    },
    {
      id: "signature",
      title: "Signature changed",
      items: diff.signatureChanged.map((change) => (
        <li key={change.member.key}>
          <MemberLink slug={slug} member={change.member} />{" "}
          <code>
            <Breakable text={change.from ?? "none"} />
          </code>{" "}
          →{" "}
          <code>
            <Breakable text={change.to ?? "none"} />
          </code>
        </li>
      )),
    },
  ];
  return (
    <div className="grid-2 diff-grid">
      {sections.map((section) => (
        <section key={section.id} aria-label={section.title} data-testid={`diff-${section.id}`}>
          <h3>
            {section.title} <span className="muted">({section.items.length})</span>
          </h3>
          {section.items.length > 0 ? <ul className="diff-list">{section.items}</ul> : <p className="muted">None</p>}
        </section>
      ))}
    </div>
  );
}
