// The client's address, for limits kept per address (failed authentications).
//
// A route handler sees a Web Request without its socket, and Next.js passes a client's own
// X-Forwarded-For through unchanged (it only fills the header in when it is missing), so that header
// proves nothing. So each request is stamped with its socket's address as it arrives, before Next.js
// reads it: `installPeerStamp` (called once per server process from instrumentation.ts) listens on
// Node's `http.server.request.start` diagnostics channel. The stamp carries a per-process secret, so
// a client cannot send one of its own, and a process without the stamp says "unknown" (one shared
// bucket) rather than trusting anything the client wrote.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIPv6 } from "node:net";
import type { Socket } from "node:net";
import { trustsProxy, type Env } from "@/lib/api/origin";

export const PEER_HEADER = "x-converge-peer";
export const UNKNOWN_ADDRESS = "unknown";

/** Headers only a trusted proxy may set: dropped from every request when there is none. */
const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

const STATE = Symbol.for("converge.peerStamp");
type StampState = { secret: string };
const stampGlobal = globalThis as typeof globalThis & { [STATE]?: StampState };

interface RequestStart {
  request: IncomingMessage;
  socket: Socket;
}

/**
 * Stamps every incoming HTTP request of this process with its socket's address (idempotent). Without
 * CONVERGE_TRUST_PROXY=1 it also drops X-Forwarded-* and Forwarded, so neither Converge nor Next.js
 * ever reads a client's claim about its own address, host or scheme.
 */
export function installPeerStamp(env: Env = process.env): void {
  if (stampGlobal[STATE]) return;
  const state: StampState = { secret: randomBytes(16).toString("hex") };
  const trusted = trustsProxy(env);
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as RequestStart;
    request.headers[PEER_HEADER] = `${state.secret} ${socket.remoteAddress ?? UNKNOWN_ADDRESS}`;
    if (!trusted) for (const name of FORWARDED_HEADERS) delete request.headers[name];
  });
  stampGlobal[STATE] = state;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The stamped socket address, or null when the request carries no valid stamp. */
function stampedAddress(headers: Headers): string | null {
  const state = stampGlobal[STATE];
  const [secret, address] = headers.get(PEER_HEADER)?.split(" ") ?? [];
  return state && secret && address && sameSecret(secret, state.secret) ? address : null;
}

/** IPv6 clients usually hold a whole /64, so they share one key; IPv4-mapped addresses read as IPv4. */
export function addressKey(address: string): string {
  const plain = address.replace(/%.*$/, "").replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  if (!isIPv6(plain)) return plain;
  const [head = "", tail] = plain.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/**
 * The client's address as a limit key: the last X-Forwarded-For entry (the one the trusted proxy
 * appended) with CONVERGE_TRUST_PROXY=1, else the socket's address stamped on arrival, else "unknown".
 */
export function clientAddress(request: Request, env: Env = process.env): string {
  if (trustsProxy(env)) {
    const forwarded = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return addressKey(forwarded);
  }
  const stamped = stampedAddress(request.headers);
  return stamped ? addressKey(stamped) : UNKNOWN_ADDRESS;
}
