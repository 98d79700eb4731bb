/**
 * The public origin for absolute links (permalinks in markdown, og:image): CONVERGE_PUBLIC_URL when
 * set, else the request's own host. Only the origin is used, never a URL taken from the query.
 */
export function publicOrigin(headers: Headers, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CONVERGE_PUBLIC_URL?.trim();
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? "http";
  try {
    return new URL(`${proto.split(",")[0]?.trim() ?? "http"}://${host.split(",")[0]?.trim()}`).origin;
  } catch {
    return "http://localhost:3000";
  }
}
