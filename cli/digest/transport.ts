/**
 * How the digest talks to GitHub, Slack and webhook receivers: through the CLI's one HTTP client
 * (retries on network errors and 5xx, waits out a 429's Retry-After, no retry on other 4xx), or,
 * with `--dry-run`, by printing each write instead of sending it. Reads still happen in a dry run:
 * they decide what would be written (a new comment or an edit).
 */
import { send, ServerError, type ClientResponse, type RetryPolicy } from "@/cli/client/http";

export interface OutgoingRequest {
  method: "GET" | "POST" | "PATCH";
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The URL itself is a credential (a Slack incoming webhook): shown as its origin only. */
  secretUrl?: boolean;
}

export interface Transport {
  read(request: OutgoingRequest): Promise<ClientResponse>;
  /** Null in a dry run: the request was printed, not sent. */
  write(request: OutgoingRequest): Promise<ClientResponse | null>;
}

export interface TransportOptions {
  /** Names the receiver in errors: "GitHub", "Slack", "the webhook". */
  service: string;
  dryRun: boolean;
  print: (text: string) => void;
  retry?: RetryPolicy | undefined;
}

export function createTransport(options: TransportOptions): Transport {
  const deliver = async (request: OutgoingRequest) => {
    try {
      return await send(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(options.retry ? { retry: options.retry } : {}),
      });
    } catch (error) {
      if (error instanceof ServerError)
        throw new ServerError(`${options.service}: ${plainMessage(error.message)}`, error.status, error.code);
      throw error;
    }
  };
  return {
    read: deliver,
    write: async (request) => {
      if (!options.dryRun) return deliver(request);
      options.print(describeRequest(request));
      return null;
    },
  };
}

/**
 * GitHub and many receivers answer errors as `{"message": "..."}`; the shared client prints such a
 * body as is, so `401 {"message":"Bad credentials",...}` becomes `401 Bad credentials`.
 */
function plainMessage(message: string): string {
  const match = /^(\d{3}) (\{[\s\S]*\})((?: \(after \d+ retries\))?)$/.exec(message);
  if (!match) return message;
  try {
    const body = JSON.parse(match[2] ?? "") as { message?: unknown };
    return typeof body.message === "string" ? `${match[1]} ${body.message}${match[3] ?? ""}` : message;
  } catch {
    return message;
  }
}

const SECRET_HEADERS = new Set(["authorization", "cookie", "x-api-key"]);

/** The URL as it may be printed: no user info, and a secret URL only by its origin. */
export function displayUrl(url: string, secretUrl = false): string {
  const parsed = new URL(url);
  if (secretUrl) return `${parsed.origin}/***`;
  parsed.username = "";
  parsed.password = "";
  return parsed.toString();
}

/** What `--dry-run` prints: method, URL, headers (credentials masked) and the exact body. */
export function describeRequest(request: OutgoingRequest): string {
  const headers = Object.entries(request.headers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}: ${SECRET_HEADERS.has(name.toLowerCase()) ? maskCredential(value) : value}`);
  const body = request.body === undefined ? [] : ["", request.body];
  return [`${request.method} ${displayUrl(request.url, request.secretUrl)}`, ...headers, ...body, ""].join("\n");
}

function maskCredential(value: string): string {
  const scheme = /^(\w+) /.exec(value)?.[1];
  return scheme ? `${scheme} ***` : "***";
}

export interface Redaction {
  /** Adds a secret learned later (a Slack webhook URL, once the flags are read). */
  add(secret: string | null | undefined): void;
  apply(text: string): string;
}

/**
 * Replaces every secret (tokens, a Slack webhook URL, a signing key) in text with `***`: the last
 * guard on everything the command prints, errors included. Strings under 4 characters are ignored.
 */
export function redaction(initial: ReadonlyArray<string | null | undefined>): Redaction {
  const known = new Set<string>();
  const add = (secret: string | null | undefined) => {
    if (typeof secret === "string" && secret.length >= 4) known.add(secret);
  };
  initial.forEach(add);
  return {
    add,
    // Longest first, so a secret that contains another is replaced whole.
    apply: (text) => [...known].sort((a, b) => b.length - a.length).reduce((out, secret) => out.split(secret).join("***"), text),
  };
}
