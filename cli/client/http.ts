/**
 * The CLI's HTTP client for a Converge server: retries with backoff on network errors and 5xx,
 * waits as long as a 429's Retry-After says, and never retries any other 4xx (the request itself
 * is wrong; sending it again cannot help).
 */
import { gzipSync } from "node:zlib";
import pRetry, { AbortError } from "p-retry";
import { z } from "zod";
import {
  CommitListResponseSchema,
  ScanDetailResponseSchema,
  ScanListResponseSchema,
  ScanPostResponseSchema,
  type ScanDetail,
} from "@/lib/contract/responses";
import { apiPath } from "@/lib/links";
import { UsageError } from "../errors";

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

/**
 * The error body (ErrorBodySchema) read leniently: a refusal is shown in the server's own words whenever
 * it has a message, even when a newer server or a proxy in front of it sends other codes or issue fields.
 */
const ErrorReplySchema = z.object({
  error: z.object({
    code: z.unknown(),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.unknown(), message: z.unknown() }))
      .optional()
      .catch(undefined),
  }),
});

function parsedJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** One line (plus issue lines) from the server's error body, or the status text. */
export function describeError(response: ClientResponse): { message: string; code: string | null } {
  const json = parsedJson(response.text);
  const body = json.ok ? ErrorReplySchema.safeParse(json.value) : null;
  if (body?.success) {
    const { code, message, issues } = body.data.error;
    const lines = (issues ?? []).slice(0, 10).map((issue) => `\n  ${String(issue.path ?? "")}: ${String(issue.message ?? "")}`);
    return { message: `${response.status} ${message}${lines.join("")}`, code: typeof code === "string" ? code : null };
  }
  const text = response.text.trim().slice(0, 300);
  return { message: `${response.status}${text ? ` ${text}` : ""}`, code: null };
}

/** Why a fetch never got an answer: the system's code (ECONNREFUSED, ENOTFOUND …) when it gave one. */
export function unreachableReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === "object" && cause !== null) {
    if ("code" in cause && typeof cause.code === "string") return cause.code;
    if ("message" in cause && typeof cause.message === "string") return cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** "commits.3: Invalid input: expected string, received number" for the first few issues. */
function contractIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : "";
  return `${shown.join("; ")}${more}`;
}

/**
 * The body of a 2xx answer, parsed with its response schema (lib/contract/responses.ts): a server that
 * answers something else is a ServerError naming the field, which every command reports with exit 2.
 */
export function readBody<S extends z.ZodType>(response: ClientResponse, schema: S, what: string): z.output<S> {
  const json = parsedJson(response.text);
  if (!json.ok) throw new ServerError(`the server's answer to ${what} is not JSON`, response.status);
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    throw new ServerError(
      `the server's answer to ${what} does not match the API contract: ${contractIssues(parsed.error)}`,
      response.status,
    );
  }
  return parsed.data;
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

/**
 * A failed attempt that may be retried: a network error or a 5xx (backoff), or a 429 (the server's
 * pace). `final` is the error to report when no retry is left.
 */
class RetryableFailure extends Error {
  constructor(
    readonly kind: "backoff" | "rate-limit",
    readonly reason: string,
    readonly retryAfterMs: number | null,
    readonly final: (retries: number) => ServerError,
  ) {
    super(reason);
  }
}

/** One request; a 2xx (or an allowed 404) is returned, anything else thrown as retryable or final (AbortError). */
async function attempt(url: string, options: SendOptions, allow404: boolean): Promise<ClientResponse> {
  let response: ClientResponse;
  try {
    const body = typeof options.body === "string" || options.body === undefined ? options.body : Uint8Array.from(options.body);
    const raw = await fetch(url, { method: options.method, headers: options.headers, body });
    response = { status: raw.status, headers: raw.headers, text: await raw.text() };
  } catch (error) {
    const reason = unreachableReason(error);
    const origin = new URL(url).origin;
    throw new RetryableFailure(
      "backoff",
      reason,
      null,
      (retries) => new ServerError(`cannot reach ${origin} (${reason}) after ${retries} retries`, null),
    );
  }
  if ((response.status >= 200 && response.status < 300) || (allow404 && response.status === 404)) return response;
  const { message, code } = describeError(response);
  const status = response.status;
  if (status === 429) {
    const wait = retryAfterMs(response.headers.get("retry-after"));
    throw new RetryableFailure("rate-limit", "429 rate limited", wait, () => new ServerError(message, status, code));
  }
  if (status >= 500) {
    throw new RetryableFailure(
      "backoff",
      `${status}`,
      null,
      (retries) => new ServerError(`${message} (after ${retries} retries)`, status, code),
    );
  }
  // Any other 4xx: the request itself is wrong, and sending it again cannot help.
  throw new AbortError(new ServerError(message, status, code));
}

/** Sends a request; returns any 2xx (and 404 when `allow404`), throws ServerError for the rest. */
export async function send(url: string, options: SendOptions, allow404 = false): Promise<ClientResponse> {
  const policy = options.retry ?? DEFAULT_RETRY;
  // Two budgets: backoff retries (network errors, 5xx) and 429 waits, which the server paces.
  let retries = 0;
  let waits = 0;
  const delayFor = (failure: RetryableFailure): number | undefined => {
    if (failure.kind === "backoff") return policy.delaysMs[retries];
    if (waits >= policy.maxRateLimitWaits) return undefined;
    return Math.min(failure.retryAfterMs ?? policy.delaysMs[0] ?? 1_000, policy.maxRetryAfterMs);
  };
  try {
    return await pRetry(() => attempt(url, options, allow404), {
      // p-retry runs the loop; the waits are the policy's own sleep (tests record them instead of waiting).
      retries: policy.delaysMs.length + policy.maxRateLimitWaits,
      minTimeout: 0,
      randomize: false,
      shouldRetry: async ({ error, attemptNumber }) => {
        if (!(error instanceof RetryableFailure)) return false;
        const delayMs = delayFor(error);
        if (delayMs === undefined) return false;
        if (error.kind === "backoff") retries++;
        else waits++;
        policy.onRetry?.({ attempt: attemptNumber, delayMs, reason: error.reason });
        await policy.sleep(delayMs);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof RetryableFailure) throw error.final(retries);
    throw error;
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
  const reply = response.text.trim() === "" ? {} : readBody(response, PostReplySchema, "the scan post");
  return {
    created: response.status === 201,
    replaced: reply.replaced === true,
    url: typeof reply.url === "string" ? new URL(reply.url, base(target)).toString() : null,
  };
}

/**
 * What the CLI reads of ScanPostResponse: the status code alone says whether the scan was stored (201) or
 * already there (200), so an empty body is accepted; fields that are there must have their types.
 */
const PostReplySchema = ScanPostResponseSchema.pick({ replaced: true })
  .extend({ url: ScanPostResponseSchema.shape.url.nullable() })
  .partial();

/** Commit SHAs the project already has (GET …/scans?fields=sha): what a resumed backfill skips. */
export async function fetchStoredShas(target: ServerTarget, retry?: RetryPolicy): Promise<Set<string>> {
  const response = await send(serverUrl(target, apiPath.projectScans(target.project, { fields: "sha" })), {
    method: "GET",
    headers: readHeaders(target),
    retry,
  });
  return new Set(readBody(response, CommitListResponseSchema, "?fields=sha").commits);
}

/** A stored scan with its members and checks, as GET …/scans/{commit} answers it. */
export type ServerScan = ScanDetail;

/** The newest scan of a branch with its members, or null when the branch has none. */
export async function fetchBranchScan(target: ServerTarget, branch: string, retry?: RetryPolicy): Promise<ServerScan | null> {
  const list = await send(serverUrl(target, apiPath.projectScans(target.project, { branch, limit: 1 })), {
    method: "GET",
    headers: readHeaders(target),
    retry,
  });
  const sha = readBody(list, ScanListResponseSchema, "the scan list").scans[0]?.commit.sha;
  if (sha === undefined) return null;
  const detail = await send(serverUrl(target, apiPath.scan(target.project, sha)), {
    method: "GET",
    headers: readHeaders(target),
    retry,
  });
  return readBody(detail, ScanDetailResponseSchema, `scan ${sha}`).scan;
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

/**
 * One write with the ingest token, not retried (a lost answer to a POST could apply it twice; a
 * DELETE is one transaction, safe to re-run by hand), read with its response schema. Every failure is
 * a UsageError (exit 2): the server unreachable, a refusal in the server's words, an answer outside
 * the contract.
 */
export async function writeOnce<S extends z.ZodType>(
  target: Pick<ServerTarget, "url" | "token">,
  path: string,
  init: { method: "POST" | "DELETE"; body?: string },
  schema: S,
  what: string,
): Promise<z.output<S>> {
  const url = serverUrl(target, path);
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: {
        accept: "application/json",
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  } catch (error) {
    throw new UsageError(`cannot reach ${new URL(url).origin} (${unreachableReason(error)})`);
  }
  const answer = { status: response.status, headers: response.headers, text: await response.text() };
  if (!response.ok) throw new UsageError(`the server refused: ${describeError(answer).message}`);
  try {
    return readBody(answer, schema, what);
  } catch (error) {
    if (error instanceof ServerError) throw new UsageError(error.message);
    throw error;
  }
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
