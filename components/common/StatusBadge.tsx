import type { Staleness } from "@/lib/analytics/freshness";
import { STATUS_LABELS, type ProjectStatus } from "@/lib/analytics/status";

const TONE: Record<ProjectStatus, string> = {
  done: "good",
  "on-track": "good",
  "at-risk": "warn",
  late: "bad",
  empty: "muted",
  "no-data": "muted",
};

export interface StatusBadgeProps {
  status: ProjectStatus;
  /** Shown right after the status: "stale: last scan 15 days ago". */
  stale?: Staleness | null;
  /** Why the status is what it is (the empty message); shown as the badge's tooltip and below when `showDetail`. */
  detail?: string | null;
  showDetail?: boolean;
}

/** The status, with its staleness beside it and, for an empty project, what to check. */
export function StatusBadge({ status, stale = null, detail = null, showDetail = false }: StatusBadgeProps) {
  return (
    <>
      <span className={`badge badge-${TONE[status]}`} data-testid="project-status" data-status={status} title={detail ?? undefined}>
        {STATUS_LABELS[status]}
      </span>
      {stale ? (
        <>
          {" "}
          <span
            className="badge badge-warn"
            data-testid="project-stale"
            data-age-days={stale.ageDays}
            title={`no scan for more than ${stale.limitDays} days`}
          >
            {stale.label}
          </span>
        </>
      ) : null}
      {showDetail && detail ? (
        // A block-level span: valid inside a heading or a table cell alike.
        <span
          className="muted"
          style={{ display: "block", fontSize: "0.875rem", fontWeight: "normal" }}
          data-testid="project-status-detail"
        >
          {detail}
        </span>
      ) : null}
    </>
  );
}
