import { etaLabel } from "@/lib/analytics/forecast";
import { STATUS_LABELS } from "@/lib/analytics/status";
import type { RepositoryReport } from "@/lib/contract/repository";
import { formatCount } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { escapeMarkdownInline as esc, mdTable, raw } from "@/lib/format/markdown";
import { projectHref } from "@/lib/links";
import { diffSection, linkDestination, signed } from "./markdown";

type FamilySection = RepositoryReport["families"][number];

/** A family's short section: its numbers, its tracking issue and what changed (the project report's diff lists). */
function familySection(family: FamilySection, baseUrl: string): string[] {
  const page = new URL(projectHref(family.project), baseUrl).toString();
  const issue = linkDestination(family.issueUrl);
  const links = [`[page](${page})`, ...(issue ? [`[tracking issue](${issue})`] : [])].join(" · ");
  const { report } = family;
  if (!report) return [`### ${esc(family.name)}`, "", `No scan yet. ${links}`, ""];
  const { at, since, view } = report;
  const target = view.plan?.target ?? at.target;
  const status = [STATUS_LABELS[view.status], view.stale?.label, view.statusDetail].filter(Boolean).join(" · ");
  return [
    `### ${esc(family.name)}`,
    "",
    `**${at.totals.counted} / ${target} ${at.countUnit}** (${esc(status)}) · ${formatCount(at.totals, at.countUnit)} · **change:** ${signed(at.totals.counted - since.totals.counted)} (${since.totals.counted} → ${at.totals.counted}, ${shortSha(since.commit.sha)} → ${shortSha(at.commit.sha)}) · **forecast:** ${esc(etaLabel(view.forecast) ?? "no forecast")} · **checks failing:** ${at.checks.failed} · ${links}`,
    "",
    ...usagesLine(report.usages),
    ...diffSection(report.diff),
  ];
}

/** The family's usages still on non-primary members and what can be deleted now; nothing when not measured. */
function usagesLine(usages: NonNullable<FamilySection["report"]>["usages"]): string[] {
  if (usages.now === null) return [];
  const change = usages.since === null ? "" : ` (${signed(usages.now - usages.since)} since ${usages.since})`;
  const removable = usages.removable.length === 0 ? "none" : usages.removable.map((member) => esc(member.name)).join(", ");
  return [`**Legacy usages:** ${usages.now}${change} · **removable now:** ${removable}`, ""];
}

/**
 * The repository's weekly report as GitHub-flavoured markdown: the summary table, then a short section
 * per family. Every family name and member is escaped (lib/format/markdown.ts); links are http(s) only.
 */
export function renderRepositoryReportMarkdown(report: RepositoryReport, baseUrl: string): string {
  const { summary } = report;
  const lines = [
    `## ${esc(report.repository.name)}: ${esc(summary.headline)}`,
    "",
    `Week up to ${formatDate(report.at.date)} (commit ${shortSha(report.at.sha)}), compared with ${formatDate(report.since.date)}. **Total:** ${summary.counted} / ${summary.target} · **change:** ${signed(summary.change)}`,
    "",
    mdTable(
      ["Family", "Status", "Before", "Now", "Change", "Target", "Checks failing", "Issue"],
      report.rows.map((row) => {
        const issue = linkDestination(row.issueUrl);
        return [
          row.name,
          STATUS_LABELS[row.status],
          row.before,
          row.now,
          row.change === null ? null : signed(row.change),
          row.target,
          row.checksFailed,
          issue ? raw(`[issue](${issue})`) : null,
        ];
      }),
      ["left", "left", "right", "right", "right", "right", "right", "left"],
    ),
    "",
    ...report.families.flatMap((family) => familySection(family, baseUrl)),
    `[Permalink](${new URL(report.permalink, baseUrl).toString()})`,
    "",
  ];
  return lines.join("\n");
}
