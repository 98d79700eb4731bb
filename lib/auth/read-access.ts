// Read access. Reads are public unless CONVERGE_READ_TOKEN is set; then pages and the read API
// need that token (`Authorization: Bearer <token>`, or HTTP Basic auth with the token as the
// password, which browsers prompt for), and the badge and OG image need the project's share key
// (`?key=<shareKey>`) instead. proxy.ts enforces this for every page and /api GET; route handlers
// check again (lib/api/handler.ts), and the shared routes call `sharedReadAccess` (share.ts) themselves.
import { apiError } from "@/lib/api/response";
import { clientAddress } from "./client-address";
import { failedAuthLimiter } from "./rate-limit";
import { secretMatches } from "./tokens";

export const READ_CHALLENGE = 'Basic realm="converge", charset="UTF-8"';

/**
 * Routes that answer with a share key instead of the read token: the badge and the OG image (of a project `/p/…` or a repository `/r/…`).
 * proxy.ts lets them through; each of them must call `sharedReadAccess` (share.ts), whose answer also sets its caching.
 */
export const SHARED_PATHS: readonly RegExp[] = [/^\/[pr]\/[^/]+\/badge\.svg$/, /^\/[pr]\/[^/]+\/og\.png$/];

export function isSharedPath(pathname: string): boolean {
  return SHARED_PATHS.some((pattern) => pattern.test(pathname));
}

/** The configured read token, or null when reads are public. */
export function readToken(env: NodeJS.ProcessEnv = process.env): string | null {
  const token = env.CONVERGE_READ_TOKEN?.trim();
  return token ? token : null;
}

export function readsArePrivate(env: NodeJS.ProcessEnv = process.env): boolean {
  return readToken(env) !== null;
}

/** The secret a request presents: a Bearer token, or the password of HTTP Basic credentials. */
function presentedSecret(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1] ?? null;
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!basic?.[1]) return null;
  const credentials = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = credentials.indexOf(":");
  return colon >= 0 ? credentials.slice(colon + 1) : null;
}

/** What a request's credentials are worth for reading: reads are public, or its token is right, missing or wrong. */
export type ReadCredential = "public" | "granted" | "missing" | "wrong";

export function readCredential(request: Request, env: NodeJS.ProcessEnv = process.env): ReadCredential {
  const token = readToken(env);
  if (token === null) return "public";
  const given = presentedSecret(request);
  if (given === null) return "missing";
  return secretMatches(given, token) ? "granted" : "wrong";
}

/** Whether the request may read pages and the read API. */
export function hasReadAccess(request: Request, env: NodeJS.ProcessEnv = process.env): boolean {
  const credential = readCredential(request, env);
  return credential === "public" || credential === "granted";
}

export type ReadDecision = { ok: true } | { ok: false; status: 401 } | { ok: false; status: 429; retryAfterSeconds: number };

/**
 * proxy.ts's gate for a private instance, with the failed-authentication limit per client address:
 * a wrong read token counts as a failure, and an address out of failures gets 429 whatever it sends
 * until one refills. A missing token does not count: it is how a browser asks for the sign-in prompt.
 */
export function decideReadAccess(request: Request, env: NodeJS.ProcessEnv = process.env): ReadDecision {
  const credential = readCredential(request, env);
  if (credential === "public") return { ok: true };
  if (credential === "missing") return { ok: false, status: 401 };
  const limiter = failedAuthLimiter(env);
  const address = clientAddress(request, env);
  const wait = limiter.check(address);
  if (!wait.ok) return { ok: false, status: 429, retryAfterSeconds: wait.retryAfterSeconds };
  if (credential === "granted") return { ok: true };
  limiter.fail(address);
  return { ok: false, status: 401 };
}

/** 429 for an address out of failed sign-ins (reads and writes alike), with Retry-After. */
export function failedSignInRefusal(retryAfterSeconds: number): Response {
  return apiError(429, "rate_limited", `too many failed sign-ins from this address; retry in ${retryAfterSeconds} s`, undefined, {
    "retry-after": String(retryAfterSeconds),
  });
}

/** The one error body for a read the gate refused: 401 with a Basic challenge, or 429 with Retry-After. */
export function readRefusal(decision: Exclude<ReadDecision, { ok: true }>): Response {
  if (decision.status === 429) return failedSignInRefusal(decision.retryAfterSeconds);
  return apiError(401, "unauthorized", "this Converge instance is private: send the read token", undefined, {
    "www-authenticate": READ_CHALLENGE,
  });
}

/** null when the request may read; else the one error body (401) with a Basic challenge. */
export function readAccessDenied(request: Request, env: NodeJS.ProcessEnv = process.env): Response | null {
  return hasReadAccess(request, env) ? null : readRefusal({ ok: false, status: 401 });
}

/**
 * For the badge and OG image routes: readable when reads are public, with the read token, or
 * with the project's share key in `?key=`. The key opens only these routes, only for its project.
 */
export function canReadShared(request: Request, project: { shareKey: string | null }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (hasReadAccess(request, env)) return true;
  const key = new URL(request.url).searchParams.get("key");
  return key !== null && project.shareKey !== null && secretMatches(key, project.shareKey);
}
