import { createHash } from "node:crypto";

/** A badge is inert SVG: no script, no external fetch, never sniffed as anything else. */
export const SVG_HEADERS = {
  "content-type": "image/svg+xml; charset=utf-8",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  "x-content-type-options": "nosniff",
};

/** Shared caches may keep a badge 5 minutes, unless only the read token let the request in (sharedCacheHeaders). */
export const BADGE_PUBLIC_CACHE = "public, max-age=300, s-maxage=300";

/** The badge with its ETag, or 304 when the client holds it; `caching` carries the policy (project and repository badges alike). */
export function svgResponse(request: Request, svg: string, caching: Record<string, string>, status = 200): Response {
  const etag = `"${createHash("sha1").update(svg).digest("base64url")}"`;
  const headers = { ...SVG_HEADERS, ...caching, etag };
  if (status === 200 && request.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(svg, { status, headers });
}
