// Runs before every page and API route (Next 16 renamed middleware.ts to proxy.ts; Node.js runtime).
// 1. Private reads: with CONVERGE_READ_TOKEN set, pages and /api GETs need the read token (Bearer,
//    or Basic auth with the token as password); the badge and OG routes use a share key instead.
//    Route handlers check again (lib/api/handler.ts), and writes authorize in their own handler.
// 2. A Content-Security-Policy with a fresh nonce on every page: Next.js reads the nonce from the
//    request's CSP header and puts it on its own scripts, so no inline script runs without it.
import { NextResponse, type NextRequest } from "next/server";
import { pageContentSecurityPolicy } from "@/lib/api/csp";
import { hasReadAccess, isSharedPath, READ_CHALLENGE, readAccessDenied } from "@/lib/auth/read-access";

const READS = new Set(["GET", "HEAD"]);

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  if (api) {
    if (!READS.has(request.method) || isSharedPath(pathname)) return NextResponse.next();
    return readAccessDenied(request) ?? NextResponse.next();
  }
  // The badge and the OG image set their own, stricter headers and check their share key themselves.
  if (isSharedPath(pathname)) return NextResponse.next();
  if (!hasReadAccess(request)) {
    return new Response("This Converge instance is private: sign in with the read token.\n", {
      status: 401,
      headers: { "www-authenticate": READ_CHALLENGE, "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pageContentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
