import { STATUS_LABELS, type ProjectStatus } from "@/lib/analytics/status";

const TONE: Record<ProjectStatus, string> = {
  done: "good",
  "on-track": "good",
  "at-risk": "warn",
  late: "bad",
  "no-data": "muted",
};

export function StatusBadge({ status }: { status: ProjectStatus }) {
  return (
    <span className={`badge badge-${TONE[status]}`} data-testid="project-status" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}
