/**
 * The CLI's HTTP client for a Converge server: retries with backoff on network errors and 5xx,
 * waits as long as a 429's Retry-After says, and never retries any other 4xx (the request itself
 * is wrong; sending it again cannot help).
 */
import { gzipSync } from "node:zlib";
import { apiPath } from "@/lib/links";

export interface RetryPolicy {
  /** Backoff before retry 1, 2, 3 (network errors and 5xx); its length is the retry budget. */
  delaysMs: readonly number[];
  /** 429s are the server setting the pace: waited out this many times per request. */
  maxRateLimitWaits: number;
  /** Longest Retry-After honoured (a larger one is clipped). */
  maxRetryAfterMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Told before each wait, e.g. to print "retrying in 2 s". */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

export const DEFAULT_RETRY: RetryPolicy = {
  delaysMs: [1_000, 2_000, 4_000],
  maxRateLimitWaits: 10,
  maxRetryAfterMs: 300_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The server refused the request (a 4xx), or it kept failing after every retry. */
export class ServerError extends Error {
  override name = "ServerError";
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export interface ServerTarget {
  /** Base URL, e.g. https://converge.example.com */
  url: string;
  project: string;
  /** The project's ingest token (writes). */
  token: string | null;
  /** CONVERGE_READ_TOKEN of a private instance (reads); reads are public otherwise. */
  readToken: string | null;
}

export interface ClientResponse {
  status: number;
  headers: Headers;
  text: string;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: Array<{ path?: unknown; message?: unknown }> };
}

/** One line (plus issue lines) from the server's error body, or the status text. */
export function describeError(response: ClientResponse): { message: string; code: string | null } {
  let body: ErrorBody | null = null;
  try {
    body = JSON.parse(response.text) as ErrorBody;
  } catch {
    body = null;
  }
  const error = body?.error;
  if (error && typeof error.message === "string") {
    const issues = Array.isArray(error.issues)
      ? error.issues.slice(0, 10).map((issue) => `\n  ${String(issue.path ?? "")}: ${String(issue.message ?? "")}`)
      : [];
    return { message: `${response.status} ${error.message}${issues.join("")}`, code: typeof error.code === "string" ? error.code : null };
  }
  const text = response.text.trim().slice(0, 300);
  return { message: `${response.status}${text ? ` ${text}` : ""}`, code: null };
}

function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface SendOptions {
  method: "GET" | "POST" | "PATCH";
  headers?: Record<string, string>;
  body?: Buffer | string;
  retry?: RetryPolicy;
}

/** Sends a request; returns any 2xx (and 404 when `allow404`), throws ServerError for the rest. */
export async function send(url: string, options: SendOptions, allow404 = false): Promise<ClientResponse> {
  const policy = options.retry ?? DEFAULT_RETRY;
  let retries = 0;
  let waits = 0;
  for (let attempt = 1; ; attempt++) {
    let response: ClientResponse;
    try {
      const body = typeof options.body === "string" || options.body === undefined ? options.body : Uint8Array.from(options.body);
      const raw = await fetch(url, { method: options.method, headers: options.headers, body });
      response = { status: raw.status, headers: raw.headers, text: await raw.text() };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      const delay = policy.delaysMs[retries];
      if (delay === undefined) throw new ServerError(`cannot reach ${new URL(url).origin} (${reason}) after ${retries} retries`, null);
      retries++;
      policy.onRetry?.({ attempt, delayMs: delay, reason });
      await policy.sleep(delay);
      continue;
    }
    if ((response.status >= 200 && response.status < 300) || (allow404 && response.status === 404)) return response;
    const described = describeError(response);
    if (response.status === 429 && waits < policy.maxRateLimitWaits) {
      const delay = Math.min(retryAfterMs(response.headers.get("retry-after")) ?? policy.delaysMs[0] ?? 1_000, policy.maxRetryAfterMs);
      waits++;
      policy.onRetry?.({ attempt, delayMs: delay, reason: "429 rate limited" });
      await policy.sleep(delay);
      continue;
    }
    if (response.status >= 500) {
      const delay = policy.delaysMs[retries];
      if (delay !== undefined) {
        retries++;
        policy.onRetry?.({ attempt, delayMs: delay, reason: `${response.status}` });
        await policy.sleep(delay);
        continue;
      }
      throw new ServerError(`${described.message} (after ${retries} retries)`, response.status, described.code);
    }
    throw new ServerError(described.message, response.status, described.code);
  }
}

function base(target: Pick<ServerTarget, "url">): string {
  return target.url.replace(/\/+$/, "");
}

/** The server's URL for an API path from `apiPath` (lib/links.ts, the one place that builds them). */
export function serverUrl(target: Pick<ServerTarget, "url">, path: string): string {
  return `${base(target)}${path}`;
}

function readHeaders(target: ServerTarget): Record<string, string> {
  return { accept: "application/json", ...(target.readToken ? { authorization: `Bearer ${target.readToken}` } : {}) };
}

/** Bodies over this are gzipped (the server's 1 MB limit counts decompressed bytes). */
const GZIP_OVER_BYTES = 16 * 1024;

export interface PostResult {
  created: boolean;
  /** The stored scan of that commit was replaced (`replace` only; the server says so in its body). */
  replaced: boolean;
  url: string | null;
}

export interface PostOptions {
  /** `?replace=1`: the server replaces a stored scan of the same commit instead of keeping it. */
  replace?: boolean;
}

/** POST one inventory; 201 = stored, 200 = that commit was already stored (idempotent) unless `replace`. */
export async function postInventory(
  target: ServerTarget,
  inventory: unknown,
  retry?: RetryPolicy,
  options: PostOptions = {},
): Promise<PostResult> {
  if (!target.token) throw new ServerError("no ingest token: pass --token or set CONVERGE_TOKEN", null);
  // A string is an inventory already serialized (a backfill replaying its cache).
  const json = Buffer.from(typeof inventory === "string" ? inventory : JSON.stringify(inventory));
  const gzip = json.byteLength > GZIP_OVER_BYTES;
  const response = await send(serverUrl(target, apiPath.projectScans(target.project, { replace: options.replace ? 1 : undefined })), {
    method: "POST",
    headers: {
      authorization: `Bearer ${target.token}`,
      "content-type": "application/json",
      accept: "application/json",
      ...(gzip ? { "content-encoding": "gzip" } : {}),
    },
    body: gzip ? gzipSync(json) : json,
    retry,
  });
  let url: string | null = null;
  let replaced = false;
  try {
    const body = JSON.parse(response.text) as { url?: unknown; replaced?: unknown };
    url = typeof body.url === "string" ? new URL(body.url, base(target)).toString() : null;
    replaced = body.replaced === true;
  } catch {
    url = null;
  }
  return { created: response.status === 201, replaced, url };
}

function parseJson<T>(response: ClientResponse, what: string): T {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    throw new ServerError(`the server's answer to ${what} is not JSON`, response.status);
  }
}

/** Commit SHAs the project already has (GET …/scans?fields=sha): what a resumed backfill skips. */
export async function fetchStoredShas(target: ServerTarget, retry?: RetryPolicy): Promise<Set<string>> {
  const response = await send(serverUrl(target, apiPath.projectScans(target.project, { fields: "sha" })), {
    method: "GET",
    headers: readHeaders(target),
    retry,
  });
  const body = parseJson<{ commits?: unknown }>(response, "?fields=sha");
  if (!Array.isArray(body.commits)) throw new ServerError("the server did not list commits for ?fields=sha", response.status);
  return new Set(body.commits.filter((sha): sha is string => typeof sha === "string"));
}

export interface ServerScan {
  commit: { sha: string; date: string; branch: string | null };
  target: number;
  totals: { counted: number };
  members: Array<{ key: string; name: string; file: string; line: number; classification: string; counted: boolean; bodyHash: string }>;
  checkResults: Array<{ id: string; passed: boolean; summary: string }>;
}

/** The newest scan of a branch with its members, or null when the branch has none. */
export async function fetchBranchScan(target: ServerTarget, branch: string, retry?: RetryPolicy): Promise<ServerScan | null> {
  const list = await send(serverUrl(target, apiPath.projectScans(target.project, { branch, limit: 1 })), {
    method: "GET",
    headers: readHeaders(target),
    retry,
  });
  const scans = parseJson<{ scans?: Array<{ commit?: { sha?: unknown } }> }>(list, "the scan list").scans ?? [];
  const sha = scans[0]?.commit?.sha;
  if (typeof sha !== "string") return null;
  const detail = await send(serverUrl(target, apiPath.scan(target.project, sha)), {
    method: "GET",
    headers: readHeaders(target),
    retry,
  });
  const scan = parseJson<{ scan?: ServerScan }>(detail, `scan ${sha}`).scan;
  if (!scan || !Array.isArray(scan.members)) throw new ServerError(`the server's scan ${sha} has no members list`, detail.status);
  return scan;
}

export interface ReportQuery {
  at?: string | undefined;
  since?: string | undefined;
  format: "md" | "json";
}

/** GET …/report: the weekly report as markdown or JSON text, exactly as the server renders it. */
export async function fetchReport(target: ServerTarget, query: ReportQuery, retry?: RetryPolicy): Promise<string> {
  const path = apiPath.report(target.project, { at: query.at || undefined, since: query.since || undefined, format: query.format });
  const response = await send(serverUrl(target, path), {
    method: "GET",
    headers: { ...readHeaders(target), accept: query.format === "md" ? "text/markdown" : "application/json" },
    retry,
  });
  return response.text;
}

export interface TargetFlags {
  url?: string | undefined;
  project?: string | undefined;
  token?: string | undefined;
}

/** Flags first, then CONVERGE_URL / CONVERGE_PROJECT / CONVERGE_TOKEN / CONVERGE_READ_TOKEN. */
export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv): { target: ServerTarget | null; missing: string[] } {
  const url = flags.url ?? env.CONVERGE_URL;
  const project = flags.project ?? env.CONVERGE_PROJECT;
  const token = flags.token ?? env.CONVERGE_TOKEN ?? null;
  const missing: string[] = [];
  if (!url) missing.push("--url (or CONVERGE_URL)");
  if (!project) missing.push("--project (or CONVERGE_PROJECT)");
  if (!url || !project) return { target: null, missing };
  return { target: { url, project, token: token || null, readToken: env.CONVERGE_READ_TOKEN?.trim() || null }, missing };
}

/** http(s) only; anything else is a typo worth stopping on. */
export function validUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}
