import type { ProjectStatus } from "@/lib/analytics/status";
import { type BadgeInput, type BadgeStyle, statusColor } from "./badge";

export interface RepositoryBadgeSummary {
  families: number;
  /** "4 consolidations · 2 on track" */
  headline: string;
  /** The worst family status (lib/queries/repositories.ts repositoryStatus). */
  status: ProjectStatus;
}

/** The repository's badge: `ssot 4 consolidations · 2 on track`, coloured by its worst family; drawn (and escaped) by renderBadge. */
export function repositoryBadge(
  summary: RepositoryBadgeSummary | null,
  options: { label?: string | undefined; style: BadgeStyle },
): BadgeInput {
  const label = options.label ?? "ssot";
  if (!summary) return { label, message: "unknown", color: statusColor("no-data"), style: options.style };
  if (summary.families === 0) return { label, message: "no consolidations", color: statusColor("no-data"), style: options.style };
  return { label, message: summary.headline, color: statusColor(summary.status), style: options.style };
}
