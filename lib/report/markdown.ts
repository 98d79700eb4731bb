import { CHECK_TITLES, CLASSIFICATIONS, CLASSIFICATION_LABELS, formatCount, UNPHASED } from "@/lib/contract/inventory";
import type { MemberDiff, MemberRef } from "@/lib/analytics/diff";
import type { TimelineAnnotation } from "@/lib/contract/annotations";
import { PHASE_STATE_LABELS, STATUS_LABELS } from "@/lib/analytics/status";
import { etaLabel } from "@/lib/analytics/forecast";
import { escapeMarkdownInline as esc, mdTable, raw } from "@/lib/format/markdown";
import { formatDate, shortSha } from "@/lib/format";
import type { WeeklyReport } from "@/lib/queries/report";

export function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : "0";
}

function memberLine(member: MemberRef, detail: string): string {
  return `- ${esc(member.name)} (${esc(CLASSIFICATION_LABELS[member.classification])}, ${esc(member.file)}:${member.line})${detail ? ` ${detail}` : ""}`;
}

export function diffSection(diff: MemberDiff): string[] {
  const lines: string[] = [];
  const section = (title: string, items: string[]) => {
    lines.push(`**${title} (${items.length})**`, "");
    lines.push(...(items.length > 0 ? items : ["- none"]), "");
  };
  section(
    "Added",
    diff.added.map((member) => memberLine(member, "")),
  );
  section(
    "Removed",
    diff.removed.map((member) => memberLine(member, "")),
  );
  section(
    "Reclassified",
    diff.reclassified.map((change) =>
      memberLine(change.member, `${esc(CLASSIFICATION_LABELS[change.from])} → ${esc(CLASSIFICATION_LABELS[change.to])}`),
    ),
  );
  section(
    "Moved",
    diff.moved.map((move) => memberLine(move.to, `from ${esc(move.from.file)}`)),
  );
  section(
    "Signature changed",
    diff.signatureChanged.map((change) => memberLine(change.member, `${esc(change.from ?? "none")} → ${esc(change.to ?? "none")}`)),
  );
  return lines;
}

/** An http(s) link destination with nothing that could end it early; null for anything else. */
export function linkDestination(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
    return parsed.toString().replace(/[()<>\s"'`\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  } catch {
    return null;
  }
}

/** "This week: PR #1042 merged: 6 adapters removed; Target lowered from 12 to 8", then one line per event. */
function eventsSection(annotations: readonly TimelineAnnotation[]): string[] {
  if (annotations.length === 0) return [];
  const line = (annotation: TimelineAnnotation) => {
    const text = esc(annotation.text);
    const href = linkDestination(annotation.url);
    const detail = annotation.detail ? ` (${esc(annotation.detail)})` : "";
    const sha = annotation.sha ? ` · ${shortSha(annotation.sha)}` : "";
    return `- ${formatDate(annotation.date)}: ${href ? `[${text}](${href})` : text}${detail}${sha}`;
  };
  return [
    `**This week:** ${annotations.map((annotation) => esc(annotation.text)).join("; ")}`,
    "",
    "### Events",
    "",
    ...annotations.map(line),
    "",
  ];
}

/** "Legacy usages: 312 (before: 352, −40)" or "not measured"; then the members removable now, escaped. */
export function usagesSection(usages: WeeklyReport["usages"]): string[] {
  const value = (count: number | null) => (count === null ? "not measured" : String(count));
  const change = usages.now !== null && usages.since !== null ? `, ${signed(usages.now - usages.since)}` : "";
  const lines = [
    "### Usages still on non-primary members",
    "",
    `**Legacy usages:** ${value(usages.now)} (before: ${value(usages.since)}${change})`,
    "",
  ];
  if (usages.now !== null) {
    lines.push(`**No usages: removable (${usages.removable.length})**`, "");
    lines.push(...(usages.removable.length > 0 ? usages.removable.map((member) => memberLine(member, "")) : ["- none"]), "");
  }
  return lines;
}

/**
 * The weekly report as GitHub-flavoured markdown for an issue thread. Every name, path and
 * message is escaped, so `A|B`, backticks or `<img onerror>` stay inert text.
 */
export function renderReportMarkdown(report: WeeklyReport, baseUrl: string): string {
  const { at, since, view } = report;
  const target = view.plan?.target ?? at.target;
  const change = at.totals.counted - since.totals.counted;
  const eta = etaLabel(view.forecast) ?? "no forecast";
  const phases = [...new Set([...Object.keys(since.totals.byPhase), ...Object.keys(at.totals.byPhase)])].sort((a, b) =>
    a === UNPHASED ? 1 : b === UNPHASED ? -1 : a.localeCompare(b),
  );
  // The status, then what qualifies it: how old the data is, or why the project is empty.
  const status = [STATUS_LABELS[view.status], view.stale?.label, view.statusDetail].filter(Boolean).join(" · ");
  const lines = [
    `## ${esc(report.project.name)}: ${at.totals.counted} / ${target} (${esc(status)})`,
    "",
    `**Count toward target:** ${at.totals.counted} / ${target} ${at.countUnit} · ${formatCount(at.totals, at.countUnit)} (before: ${formatCount(since.totals, since.countUnit)}) · **change since ${formatDate(since.commit.date)}:** ${signed(change)} (${since.totals.counted} → ${at.totals.counted}) · **forecast:** ${esc(eta)}`,
    "",
    `Scan ${shortSha(at.commit.sha)} (${formatDate(at.commit.date)}) compared with ${shortSha(since.commit.sha)} (${formatDate(since.commit.date)}).${at.complete ? "" : " The scan is incomplete: some files were skipped or failed."}`,
    "",
    ...eventsSection(report.annotations),
    ...usagesSection(report.usages),
    "### By classification (definitions)",
    "",
    mdTable(
      ["Class", "Before", "Now", "Change"],
      CLASSIFICATIONS.map((c) => [
        CLASSIFICATION_LABELS[c],
        since.totals.byClassification[c],
        at.totals.byClassification[c],
        signed(at.totals.byClassification[c] - since.totals.byClassification[c]),
      ]),
      ["left", "right", "right", "right"],
    ),
    "",
    "### By phase (definitions)",
    "",
    mdTable(
      ["Phase", "Before", "Now", "Change"],
      phases.map((phase) => [
        phase === UNPHASED ? "Unphased" : phase,
        since.totals.byPhase[phase] ?? 0,
        at.totals.byPhase[phase] ?? 0,
        signed((at.totals.byPhase[phase] ?? 0) - (since.totals.byPhase[phase] ?? 0)),
      ]),
      ["left", "right", "right", "right"],
    ),
    "",
  ];
  if (view.verdicts.length > 0) {
    lines.push(
      "### Phases",
      "",
      mdTable(
        ["Phase", "Due", "Target", "Verdict", "Why"],
        view.verdicts.map((verdict) => [verdict.name, verdict.due, verdict.target, PHASE_STATE_LABELS[verdict.state], verdict.detail]),
        ["left", "left", "right", "left", "left"],
      ),
      "",
    );
  }
  lines.push(
    "### Checks",
    "",
    mdTable(
      ["Check", "Now", "Value", "Since"],
      report.checks.map((check) => [
        CHECK_TITLES[check.id],
        raw(check.passed ? "✅ passing" : "❌ failing"),
        check.threshold === null ? check.value : `${check.value} / ${check.threshold}`,
        check.since ? formatDate(check.since) : "",
      ]),
      ["left", "left", "right", "left"],
    ),
    "",
    `### Changes since ${formatDate(since.commit.date)}`,
    "",
    ...diffSection(report.diff),
    `[Permalink](${new URL(report.permalink, baseUrl).toString()})`,
    "",
  );
  return lines.join("\n");
}
