import Link from "next/link";
import type { TimelineAnnotation } from "@/lib/contract/annotations";
import { formatDate, shortSha } from "@/lib/format";
import { engineHref, scanHref } from "@/lib/links";

const KIND_LABELS: Record<TimelineAnnotation["kind"], string> = {
  "phase-due": "Phase due",
  "plan-change": "Plan change",
  "pull-request": "Pull request",
  "members-changed": "Members changed",
  note: "Note",
};

/** Only http(s) links reach an href, whatever was stored. */
function safeHref(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** Timeline events as a list: date, kind, text (untrusted, rendered as text), link, scan and members. */
export function AnnotationList({
  slug,
  annotations,
  empty,
  showMembers = false,
}: {
  slug: string;
  annotations: readonly TimelineAnnotation[];
  empty: string;
  showMembers?: boolean;
}) {
  if (annotations.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="diff-list" data-testid="annotation-list">
      {annotations.map((annotation) => {
        const href = safeHref(annotation.url);
        return (
          <li key={annotation.id} data-kind={annotation.kind}>
            {formatDate(annotation.date)} <span className="muted">{KIND_LABELS[annotation.kind]}:</span>{" "}
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                {annotation.text}
              </a>
            ) : (
              annotation.text
            )}
            {annotation.detail ? <span className="muted"> ({annotation.detail})</span> : null}
            {annotation.sha ? (
              <>
                {" "}
                <Link className="mono" href={scanHref(slug, annotation.sha)}>
                  {shortSha(annotation.sha)}
                </Link>
              </>
            ) : null}
            {showMembers && annotation.members.length > 0 ? (
              <div className="muted wrap-anywhere">
                {annotation.members.map((member, index) => (
                  <span key={`${member.change}:${member.key}`}>
                    {index > 0 ? ", " : null}
                    {member.change}{" "}
                    <Link href={engineHref(slug, member.key)} title={member.key}>
                      {member.name}
                    </Link>
                  </span>
                ))}
                {annotation.membersTotal > annotation.members.length
                  ? ` and ${annotation.membersTotal - annotation.members.length} more`
                  : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
