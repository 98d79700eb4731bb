// Local stand-ins for the services `converge digest` delivers to, speaking their documented protocols:
// GitHub's issue-comment REST endpoints (https://docs.github.com/en/rest/issues/comments), a Slack
// incoming webhook and a plain webhook receiver. Each records every request it got.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The raw bytes as received (a signature is checked over these). */
  raw: Buffer;
}

export interface Receiver {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

type Handler = (request: Recorded, response: ServerResponse) => void;

async function listen(handler: Handler): Promise<Receiver & { server: Server }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: Recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, raw: Buffer.concat(chunks) };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(JSON.stringify(body));
}

export interface GithubComment {
  url: string;
  html_url: string;
  issue_url: string;
  id: number;
  node_id: string;
  user: { login: string; id: number; type: "User" | "Bot" };
  created_at: string;
  updated_at: string;
  author_association: string;
  body: string;
  performed_via_github_app: null;
}

export interface FakeGithub extends Receiver {
  /** Comments per issue number, oldest first (as GitHub lists them). */
  comments: Map<number, GithubComment[]>;
  token: string;
  addComment(issue: number, body: string, login?: string): GithubComment;
  /** Requests other than the listing reads: what was written. */
  writes(): Recorded[];
}

const REPO_ID = 4242;

/**
 * GitHub for one repository `owner/repo`: list (paginated with a `Link` header pointing at
 * `/repositories/{id}/…` as GitHub does, default 30 per page, `per_page` up to 100), create and
 * edit issue comments. A missing or wrong bearer token gets GitHub's 401; an unknown API version 400.
 */
export async function fakeGithub(owner: string, repo: string, token: string): Promise<FakeGithub> {
  const comments = new Map<number, GithubComment[]>();
  let nextId = 1_000;
  const clock = () => new Date(Date.UTC(2026, 11, 1) + nextId * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  let base = "";
  const make = (issue: number, body: string, login: string): GithubComment => {
    const id = nextId++;
    return {
      url: `${base}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/issues/${issue}#issuecomment-${id}`,
      issue_url: `${base}/repos/${owner}/${repo}/issues/${issue}`,
      id,
      node_id: `IC_kwDO${id}`,
      user: { login, id: 41898282, type: login.endsWith("[bot]") ? "Bot" : "User" },
      created_at: clock(),
      updated_at: clock(),
      author_association: "NONE",
      body,
      performed_via_github_app: null,
    };
  };
  const receiver = await listen((request, response) => {
    const auth = request.headers.authorization;
    if (auth !== `Bearer ${token}`) {
      sendJson(response, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
      return;
    }
    const version = request.headers["x-github-api-version"];
    if (version !== undefined && version !== "2022-11-28") {
      sendJson(response, 400, { message: `Unsupported 'X-GitHub-Api-Version' header: ${String(version)}` });
      return;
    }
    const url = new URL(request.path, base);
    const list =
      new RegExp(`^/repos/${owner}/${repo}/issues/(\\d+)/comments$`).exec(url.pathname) ??
      new RegExp(`^/repositories/${REPO_ID}/issues/(\\d+)/comments$`).exec(url.pathname);
    const edit = new RegExp(`^/repos/${owner}/${repo}/issues/comments/(\\d+)$`).exec(url.pathname);
    const body = () => JSON.parse(request.raw.toString("utf8") || "{}") as { body?: unknown };
    if (list && request.method === "GET") {
      const issue = Number(list[1]);
      const all = comments.get(issue) ?? [];
      const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
      const page = Number(url.searchParams.get("page") ?? 1);
      const pages = Math.max(1, Math.ceil(all.length / perPage));
      const pageUrl = (n: number) => `${base}/repositories/${REPO_ID}/issues/${issue}/comments?per_page=${perPage}&page=${n}`;
      const links = [
        ...(page > 1 ? [`<${pageUrl(page - 1)}>; rel="prev"`, `<${pageUrl(1)}>; rel="first"`] : []),
        ...(page < pages ? [`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(pages)}>; rel="last"`] : []),
      ];
      sendJson(response, 200, all.slice((page - 1) * perPage, page * perPage), links.length > 0 ? { link: links.join(", ") } : {});
      return;
    }
    if (list && request.method === "POST") {
      const text = body().body;
      if (typeof text !== "string") {
        sendJson(response, 422, {
          message: 'Invalid request.\n\n"body" wasn\'t supplied.',
          documentation_url: "https://docs.github.com/rest",
        });
        return;
      }
      const issue = Number(list[1]);
      const comment = make(issue, text, "github-actions[bot]");
      comments.set(issue, [...(comments.get(issue) ?? []), comment]);
      sendJson(response, 201, comment, { location: comment.url });
      return;
    }
    if (edit && request.method === "PATCH") {
      const id = Number(edit[1]);
      const comment = [...comments.values()].flat().find((c) => c.id === id);
      const text = body().body;
      if (!comment) {
        sendJson(response, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
        return;
      }
      if (typeof text !== "string") {
        sendJson(response, 422, { message: "Invalid request.", documentation_url: "https://docs.github.com/rest" });
        return;
      }
      comment.body = text;
      comment.updated_at = clock();
      sendJson(response, 200, comment);
      return;
    }
    sendJson(response, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  });
  base = receiver.url;
  return {
    ...receiver,
    comments,
    token,
    addComment: (issue, text, login = "octocat") => {
      const comment = make(issue, text, login);
      comments.set(issue, [...(comments.get(issue) ?? []), comment]);
      return comment;
    },
    writes: () => receiver.requests.filter((request) => request.method !== "GET"),
  };
}

/**
 * A Slack incoming webhook at `/services/T…/B…/<secret>`: `200 ok`, or whatever the next queued
 * answers say (Slack answers errors as plain text: `400 invalid_blocks`, `429` with Retry-After).
 */
export async function fakeSlack(): Promise<
  Receiver & { hookUrl: string; answers: Array<{ status: number; text: string; headers?: Record<string, string> }> }
> {
  const answers: Array<{ status: number; text: string; headers?: Record<string, string> }> = [];
  const receiver = await listen((_request, response) => {
    const answer = answers.shift() ?? { status: 200, text: "ok" };
    response.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8", ...answer.headers });
    response.end(answer.text);
  });
  return { ...receiver, answers, hookUrl: `${receiver.url}/services/T0CONVERGE/B0DIGEST/s3cretSlackHookPath0123` };
}

/** A plain receiver: answers 204 (or a queued status). */
export async function fakeWebhook(): Promise<Receiver & { answers: number[] }> {
  const answers: number[] = [];
  const receiver = await listen((_request, response) => {
    response.writeHead(answers.shift() ?? 204);
    response.end();
  });
  return { ...receiver, answers };
}
