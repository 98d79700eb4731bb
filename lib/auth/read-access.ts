// Read access. Reads are public unless CONVERGE_READ_TOKEN is set; then pages and the read API
// need that token (`Authorization: Bearer <token>`, or HTTP Basic auth with the token as the
// password, which browsers prompt for), and the badge and OG image need the project's share key
// (`?key=<shareKey>`) instead. proxy.ts enforces this for every page and /api GET; route handlers
// check again (lib/api/handler.ts), and the shared routes call `canReadShared` themselves.
import { apiError } from "@/lib/api/response";
import { secretMatches } from "./tokens";

export const READ_CHALLENGE = 'Basic realm="converge", charset="UTF-8"';

/**
 * Routes that answer with a share key instead of the read token: the badge and the OG image.
 * proxy.ts lets them through; each of them must call `canReadShared(request, project)`.
 */
export const SHARED_PATHS: readonly RegExp[] = [/^\/p\/[^/]+\/badge\.svg$/, /^\/p\/[^/]+\/og\.png$/];

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

/** Whether the request may read pages and the read API. */
export function hasReadAccess(request: Request, env: NodeJS.ProcessEnv = process.env): boolean {
  const token = readToken(env);
  if (token === null) return true;
  const given = presentedSecret(request);
  return given !== null && secretMatches(given, token);
}

/** null when the request may read; else the one error body (401) with a Basic challenge. */
export function readAccessDenied(request: Request, env: NodeJS.ProcessEnv = process.env): Response | null {
  if (hasReadAccess(request, env)) return null;
  return apiError(401, "unauthorized", "this Converge instance is private: send the read token", undefined, {
    "www-authenticate": READ_CHALLENGE,
  });
}

/**
 * For the badge and OG image routes: readable when reads are public, with the read token, or
 * with the project's share key in `?key=`. The key opens only these routes, only for its project.
 */
export function canReadShared(
  request: Request,
  project: { shareKey: string | null },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (hasReadAccess(request, env)) return true;
  const key = new URL(request.url).searchParams.get("key");
  return key !== null && project.shareKey !== null && secretMatches(key, project.shareKey);
}
