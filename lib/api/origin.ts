/**
 * The public origin for absolute links (permalinks in markdown, og:image): CONVERGE_PUBLIC_URL when
 * set, else the request's own `Host`. `X-Forwarded-Host` / `X-Forwarded-Proto` are anyone's to send,
 * so they count only behind a proxy the operator vouches for (CONVERGE_TRUST_PROXY=1), which sets
 * them itself. Only the origin is used, never a URL taken from the query.
 */
/** Environment variables as read here: `process.env`, or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

const FALLBACK_ORIGIN = "http://localhost:3000";
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * CONVERGE_TRUST_PROXY=1: the server sits behind one reverse proxy that sets X-Forwarded-For/-Host/-Proto.
 * Unset or 0: those headers are ignored. Anything else throws, so a typo cannot half-enable it.
 */
export function trustsProxy(env: Env = process.env): boolean {
  const value = env.CONVERGE_TRUST_PROXY?.trim() ?? "";
  if (value === "" || value === "0") return false;
  if (value === "1") return true;
  throw new Error(`CONVERGE_TRUST_PROXY must be 1 or 0; got "${value}"`);
}

/** The first entry of a comma-separated forwarded header, trimmed. */
function firstEntry(value: string | null): string | null {
  const entry = value?.split(",")[0]?.trim();
  return entry ? entry : null;
}

export function publicOrigin(headers: Headers, env: Env = process.env): string {
  const configured = env.CONVERGE_PUBLIC_URL?.trim();
  if (configured) return new URL(configured).origin;
  const trusted = trustsProxy(env);
  const host = (trusted ? firstEntry(headers.get("x-forwarded-host")) : null) ?? firstEntry(headers.get("host"));
  const proto = (trusted ? firstEntry(headers.get("x-forwarded-proto")) : null) ?? "http";
  // Only `name[:port]` or `[ipv6][:port]`: a Host with a path, user info or query is refused, not guessed at.
  if (!host || !HOST.test(host) || !/^https?$/i.test(proto)) return FALLBACK_ORIGIN;
  try {
    return new URL(`${proto.toLowerCase()}://${host}`).origin;
  } catch {
    return FALLBACK_ORIGIN;
  }
}
