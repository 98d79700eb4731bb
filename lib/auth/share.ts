import { unauthorized } from "@/lib/api/response";
import type { Db } from "@/lib/db/client";
import { getProjectShareKey } from "@/lib/queries";
import { readCredential, readsArePrivate } from "./read-access";
import { secretMatches } from "./tokens";

/** What let a request read a shared route (badge, preview image): it decides who may cache the answer. */
export type SharedReadGrant = "public" | "share-key" | "read-token";

export type SharedReadAccess = { ok: true; via: SharedReadGrant } | { ok: false; response: Response };

/**
 * For the shared routes on a private instance: the project's share key in `?key=` (checked first: the
 * answer is then the same for everyone holding the URL), else the read token, else the one 401 body.
 * Public instances never touch the database here.
 */
export async function sharedReadAccess(db: Db, request: Request, slug: string): Promise<SharedReadAccess> {
  if (!readsArePrivate()) return { ok: true, via: "public" };
  const key = new URL(request.url).searchParams.get("key");
  if (key !== null) {
    const shareKey = await getProjectShareKey(db, slug);
    if (shareKey !== null && secretMatches(key, shareKey)) return { ok: true, via: "share-key" };
  }
  if (readCredential(request) === "granted") return { ok: true, via: "read-token" };
  return { ok: false, response: unauthorized("this Converge instance is private: add the project's share key as ?key=") };
}

/** null when the request may read project `slug`'s shared routes, else the one 401 body. */
export async function sharedReadDenied(db: Db, request: Request, slug: string): Promise<Response | null> {
  const access = await sharedReadAccess(db, request, slug);
  return access.ok ? null : access.response;
}

/**
 * Cache headers of a shared route's answer. Public instance or share key: `publicPolicy` (a shared cache
 * may keep it: the URL, key included, is all it depends on). Read token: only the browser's own cache
 * may not even keep it (`private, no-store`), and `Vary: Authorization` says the answer depends on it.
 */
export function sharedCacheHeaders(via: SharedReadGrant, publicPolicy: string): Record<string, string> {
  if (via === "read-token") return { "cache-control": "private, no-store", vary: "Authorization" };
  return { "cache-control": publicPolicy };
}
