// Runs before every page and API route (Next 16 renamed middleware.ts to proxy.ts; Node.js runtime).
// 1. Private reads: with CONVERGE_READ_TOKEN set, pages and /api GETs need the read token (Bearer,
//    or Basic auth with the token as password); the badge and OG routes use a share key instead.
//    Route handlers check again (lib/api/handler.ts), and writes authorize in their own handler.
//    A wrong read token counts against the client's address (lib/auth/rate-limit.ts): past the
//    limit, that address gets 429 + Retry-After on every page and API read until a failure refills.
// 2. A Content-Security-Policy with a fresh nonce on every page: Next.js reads the nonce from the
//    request's CSP header and puts it on its own scripts, so no inline script runs without it.
import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "@/lib/api/csp";
import { decideReadAccess, isSharedPath, READ_CHALLENGE, readRefusal, type ReadDecision } from "@/lib/auth/read-access";

const READS = new Set(["GET", "HEAD"]);

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  if (api) {
    if (!READS.has(request.method) || isSharedPath(pathname)) return NextResponse.next();
    const decision = decideReadAccess(request);
    return decision.ok ? NextResponse.next() : readRefusal(decision);
  }
  // The badge and the OG image set their own, stricter headers and check their share key themselves.
  if (isSharedPath(pathname)) return NextResponse.next();
  const decision = decideReadAccess(request);
  if (!decision.ok) return pageRefusal(decision);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

/** A page's answer to a refused read: plain text, never cached; 401 challenges, 429 says when to retry. */
function pageRefusal(decision: Exclude<ReadDecision, { ok: true }>): Response {
  const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  if (decision.status === 429) {
    headers["retry-after"] = String(decision.retryAfterSeconds);
    return new Response(`Too many failed sign-ins from this address: retry in ${decision.retryAfterSeconds} s.\n`, {
      status: 429,
      headers,
    });
  }
  headers["www-authenticate"] = READ_CHALLENGE;
  return new Response("This Converge instance is private: sign in with the read token.\n", { status: 401, headers });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
