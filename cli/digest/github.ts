/**
 * `--to github-issue`: the digest as a comment on the tracking issue, through the GitHub REST API
 * (https://docs.github.com/en/rest/issues/comments). One comment per project and ISO week: a run
 * finds this week's comment by its hidden marker and edits it; a new week adds a new comment.
 */
import { z } from "zod";
import { ServerError } from "@/cli/client/http";
import { SCANNER_VERSION } from "@/lib/version";
import { UsageError } from "../errors";
import { digestMarker, isDigestOf } from "./marker";
import type { OutgoingRequest, Transport } from "./transport";

export const GITHUB_API = "https://api.github.com";
export const GITHUB_API_VERSION = "2022-11-28";
/** GitHub refuses comment bodies over 65,536 characters. */
const MAX_COMMENT_CHARS = 65_536;
/** 100 per page (GitHub's maximum) × 100 pages: a thread longer than that is not a tracking issue. */
const MAX_PAGES = 100;

export interface IssueRef {
  owner: string;
  repo: string;
  number: number;
  /** The issue's web host: github.com or a GitHub Enterprise host. */
  host: string;
}

const ISSUE_URL = /^https?:\/\/([^/]+)\/([^/]+)\/([^/]+)\/issues\/(\d+)\/?(?:[?#].*)?$/;

/** `https://github.com/OWNER/REPO/issues/N` (or an Enterprise host); anything else is a usage error. */
export function parseIssueUrl(url: string, origin = "--issue"): IssueRef {
  const match = ISSUE_URL.exec(url.trim());
  const number = Number(match?.[4]);
  if (!match || !Number.isSafeInteger(number) || number < 1) {
    throw new UsageError(`${origin}: not an issue URL (https://github.com/OWNER/REPO/issues/N): ${url}`);
  }
  return { host: match[1] ?? "", owner: decodeURIComponent(match[2] ?? ""), repo: decodeURIComponent(match[3] ?? ""), number };
}

/** github.com's API, or an Enterprise server's `https://HOST/api/v3`. */
export function defaultGithubApi(issue: IssueRef): string {
  return issue.host === "github.com" || issue.host === "www.github.com" ? GITHUB_API : `https://${issue.host}/api/v3`;
}

const CommentSchema = z.object({
  id: z.number(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
});
type Comment = z.infer<typeof CommentSchema>;

export interface IssueDelivery {
  api: string;
  issue: IssueRef;
  token: string | null;
  slug: string;
  week: string;
  markdown: string;
  permalink: string;
}

export interface IssueResult {
  action: "created" | "updated";
  /** The comment's page; null in a dry run that would create one. */
  url: string | null;
}

export async function deliverToIssue(delivery: IssueDelivery, transport: Transport): Promise<IssueResult> {
  const base = delivery.api.replace(/\/+$/, "");
  const repoPath = `${base}/repos/${encodeURIComponent(delivery.issue.owner)}/${encodeURIComponent(delivery.issue.repo)}`;
  const headers = githubHeaders(delivery.token);
  const existing = (await listComments(`${repoPath}/issues/${delivery.issue.number}/comments?per_page=100`, headers, transport)).findLast(
    (comment) => isDigestOf(comment.body, delivery.slug, delivery.week),
  );
  const body = JSON.stringify({ body: commentBody(delivery) });
  const writeHeaders = { ...headers, "content-type": "application/json" };
  const request: OutgoingRequest = existing
    ? { method: "PATCH", url: `${repoPath}/issues/comments/${existing.id}`, headers: writeHeaders, body }
    : { method: "POST", url: `${repoPath}/issues/${delivery.issue.number}/comments`, headers: writeHeaders, body };
  const response = await transport.write(request);
  const written = response ? parseComment(response.text, "the written comment") : null;
  return { action: existing ? "updated" : "created", url: written?.html_url ?? existing?.html_url ?? null };
}

function githubHeaders(token: string | null): Record<string, string> {
  return {
    accept: "application/vnd.github+json",
    "x-github-api-version": GITHUB_API_VERSION,
    "user-agent": `converge/${SCANNER_VERSION}`,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

/** The marker, then the report; cut to GitHub's limit with a pointer to the full report. */
export function commentBody(delivery: Pick<IssueDelivery, "slug" | "week" | "markdown" | "permalink">): string {
  const full = `${digestMarker(delivery.slug, delivery.week)}\n${delivery.markdown}`;
  if (full.length <= MAX_COMMENT_CHARS) return full;
  const note = `\n\n… cut to fit a GitHub comment: [the full report](${delivery.permalink})\n`;
  const kept = full.slice(0, MAX_COMMENT_CHARS - note.length);
  return `${kept.slice(0, Math.max(kept.lastIndexOf("\n"), 0))}${note}`;
}

/** Every comment of the issue, following the `Link: <…>; rel="next"` pages. */
async function listComments(firstPage: string, headers: Record<string, string>, transport: Transport): Promise<Comment[]> {
  const origin = new URL(firstPage).origin;
  const comments: Comment[] = [];
  let url: string | null = firstPage;
  for (let page = 1; url !== null; page++) {
    if (page > MAX_PAGES) throw new ServerError(`GitHub: the issue has more than ${MAX_PAGES} pages of comments`, null);
    const response = await transport.read({ method: "GET", url, headers });
    comments.push(...parseComments(response.text));
    url = nextPage(response.headers.get("link"));
    // The token goes only where the first page went: a Link elsewhere is refused, never followed.
    if (url !== null && new URL(url).origin !== origin)
      throw new ServerError(`GitHub: the next page is on another host (${new URL(url).origin})`, null);
  }
  return comments;
}

/** The `rel="next"` URL of an RFC 8288 Link header, or null on the last page. */
export function nextPage(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /<([^>]*)>((?:\s*;\s*[^;]+)*)/.exec(part.trim());
    const rel = /;\s*rel="?([^";]+)"?/i.exec(match?.[2] ?? "")?.[1];
    if (match?.[1] && rel?.toLowerCase().split(/\s+/).includes("next")) return match[1];
  }
  return null;
}

function parseComments(text: string): Comment[] {
  const parsed = z.array(CommentSchema).safeParse(safeJson(text));
  if (!parsed.success) throw new ServerError("GitHub: the comment list is not an array of comments", null);
  return parsed.data;
}

function parseComment(text: string, what: string): Comment {
  const parsed = CommentSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new ServerError(`GitHub: ${what} is not a comment object`, null);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
