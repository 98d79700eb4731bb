/**
 * `--to slack`: the digest as a Slack incoming-webhook message (https://api.slack.com/messaging/webhooks):
 * `text` for notifications, `blocks` for the message: headline, status, count / target, what changed,
 * the permalink. Every string that came from a repository or a user (project name, member names,
 * paths, commit message, annotations) is escaped for Slack's mrkdwn, so `<!channel>` or
 * `<https://evil|click>` stay text.
 */
import { formatCount } from "@/lib/contract/vocabulary";
import { STATUS_LABELS, type ProjectStatus } from "@/lib/analytics/status";
import { reportTarget, type DigestReport } from "./report";

/** Slack's own escaping: the three characters that start its control sequences. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Slack's limits: header text 150 characters, section text 3,000, a field 2,000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3_000;
/** Members named per kind of change; the rest are counted. */
const NAMES_PER_CHANGE = 10;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

type TextObject = { type: "plain_text"; text: string; emoji?: boolean } | { type: "mrkdwn"; text: string };
export type SlackBlock =
  | { type: "header"; text: TextObject }
  | { type: "section"; text?: TextObject; fields?: TextObject[] }
  | { type: "context"; elements: TextObject[] }
  | { type: "divider" };

export function buildSlackMessage(report: DigestReport, permalink: string, week: string): SlackMessage {
  const { at, since } = report;
  const target = reportTarget(report);
  const headline = `${report.project.name}: ${at.totals.counted} / ${target} ${at.countUnit}`;
  const status = statusLine(report);
  const change = at.totals.counted - since.totals.counted;
  const mrkdwn = (text: string): TextObject => ({ type: "mrkdwn", text: clip(text, SECTION_MAX) });
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(escapeSlack(headline), HEADER_MAX), emoji: false } },
    {
      type: "section",
      fields: [
        mrkdwn(`*Status*\n${escapeSlack(status)}`),
        mrkdwn(`*Count toward target*\n${at.totals.counted} / ${target} ${at.countUnit} · ${formatCount(at.totals, at.countUnit)}`),
        mrkdwn(`*Change since ${day(since.commit.date)}*\n${signed(change)} (${since.totals.counted} → ${at.totals.counted})`),
        mrkdwn(`*Week*\n${week}`),
      ],
    },
    { type: "section", text: mrkdwn(changesText(report)) },
  ];
  const notes = report.annotations ?? [];
  if (notes.length > 0) {
    blocks.push({ type: "section", text: mrkdwn(`*This week*\n${notes.map((note) => `• ${escapeSlack(note.text)}`).join("\n")}`) });
  }
  blocks.push(
    { type: "context", elements: [mrkdwn(scanLine(report))] },
    { type: "section", text: mrkdwn(`<${escapeSlack(permalink)}|Open the weekly report>`) },
  );
  return { text: escapeSlack(`${headline} · ${status}`), blocks };
}

function isStatus(status: string): status is ProjectStatus {
  return Object.hasOwn(STATUS_LABELS, status);
}

function statusLine(report: DigestReport): string {
  const { status, stale, statusDetail } = report.view;
  return [isStatus(status) ? STATUS_LABELS[status] : status, stale?.label, statusDetail].filter(Boolean).join(" · ");
}

function changesText(report: DigestReport): string {
  const { diff } = report;
  const kinds: Array<[string, Array<{ name: string }>]> = [
    ["Removed", diff.removed],
    ["Added", diff.added],
    ["Reclassified", diff.reclassified.map((change) => change.member)],
    ["Moved", diff.moved.map((move) => move.to)],
    ["Signature changed", diff.signatureChanged.map((change) => change.member)],
  ];
  const lines = kinds
    .filter(([, members]) => members.length > 0)
    .map(([title, members]) => `• ${title} (${members.length}): ${namesOf(members)}`);
  return `*What changed since ${day(report.since.commit.date)}*\n${lines.length > 0 ? lines.join("\n") : "No member was added, removed, reclassified or moved."}`;
}

function namesOf(members: Array<{ name: string }>): string {
  const shown = members.slice(0, NAMES_PER_CHANGE).map((member) => escapeSlack(member.name));
  const more = members.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

function scanLine(report: DigestReport): string {
  const { at, since } = report;
  const subject = at.commit.message?.split("\n", 1)[0]?.trim();
  return `Scan ${at.commit.sha.slice(0, 7)} (${day(at.commit.date)})${subject ? `: ${escapeSlack(clip(subject, 200))}` : ""} · compared with ${since.commit.sha.slice(0, 7)} (${day(since.commit.date)})`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : "0";
}

/** Cuts text to Slack's limit without splitting an escape such as `&amp;`. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.replace(/&[a-z]*$/, "")}…`;
}
