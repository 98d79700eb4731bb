// Per-token rate limit for writes: a token bucket per key (the token's hash, never the token),
// held in process memory. That is the whole story on SQLite (one server process); on PostgreSQL the
// buckets live in the database so several processes share them (write-limit.ts).

export interface RateLimitConfig {
  /** Requests allowed per window, also the burst size. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export const DEFAULT_RATE_LIMIT = "600/60s";

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * CONVERGE_RATE_LIMIT: `<requests>/<window>` such as `600/60s`, `10/1s`, `1000/1h`, or `off`.
 * Unset means the default; a malformed value throws, so a typo cannot turn the limit off.
 */
export function parseRateLimit(
  value: string | undefined,
  variable = "CONVERGE_RATE_LIMIT",
  fallback = DEFAULT_RATE_LIMIT,
): RateLimitConfig | null {
  const text = (value ?? fallback).trim().toLowerCase();
  if (text === "off" || text === "0") return null;
  const match = /^(\d+)\s*\/\s*(\d+)?\s*(ms|s|m|h)$/.exec(text);
  const limit = Number(match?.[1]);
  const windowMs = Number(match?.[2] ?? 1) * (UNITS[match?.[3] ?? ""] ?? Number.NaN);
  if (!match || !Number.isSafeInteger(limit) || limit < 1 || !Number.isFinite(windowMs) || windowMs < 1) {
    throw new Error(`${variable} must look like 600/60s, 10/1s or off; got "${value}"`);
  }
  return { limit, windowMs };
}

/** Seconds until a bucket holding `tokens` has one again (Retry-After): never 0, and no extra second from float dust. */
export function secondsUntilOne(tokens: number, config: RateLimitConfig): number {
  const seconds = ((1 - tokens) * config.windowMs) / config.limit / 1000;
  return Math.max(1, Math.ceil(seconds - 1e-6));
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly config: RateLimitConfig,
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = config.limit / config.windowMs;
  }

  /** Whether `key` could take one now, without taking it (and without remembering an unseen key). */
  peek(key: string, now: number = Date.now()): RateDecision {
    const bucket = this.buckets.get(key);
    if (!bucket) return { ok: true };
    const tokens = Math.min(this.config.limit, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
    return tokens >= 1 ? { ok: true } : { ok: false, retryAfterSeconds: this.secondsUntilOne(tokens) };
  }

  take(key: string, now: number = Date.now()): RateDecision {
    const bucket = this.buckets.get(key) ?? { tokens: this.config.limit, updatedAt: now };
    bucket.tokens = Math.min(this.config.limit, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.evict();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: this.secondsUntilOne(bucket.tokens) };
  }

  private secondsUntilOne(tokens: number): number {
    return secondsUntilOne(tokens, this.config);
  }

  /** Drops the least recently used keys (Map order: `take` re-inserts); a dropped key starts full again. */
  private evict(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys * 0.9) break;
      this.buckets.delete(key);
    }
  }
}

declare global {
  /** This process's ingest limiter and the setting it was made for, kept across hot reloads. */
  var convergeIngestLimiter: { setting: string; limiter: RateLimiter | null } | undefined;
  /** This process's failed sign-in limiter and its setting. */
  var convergeFailedAuthLimiter: { setting: string; limiter: FailedAuthLimiter } | undefined;
}

const globalForLimits = globalThis;

/** The ingest limiter for this process, rebuilt when CONVERGE_RATE_LIMIT changes (tests). */
export function ingestRateLimiter(env: Readonly<Record<string, string | undefined>> = process.env): RateLimiter | null {
  const setting = env.CONVERGE_RATE_LIMIT ?? "";
  const cached = globalForLimits.convergeIngestLimiter;
  if (cached && cached.setting === setting) return cached.limiter;
  const config = parseRateLimit(env.CONVERGE_RATE_LIMIT || undefined);
  const limiter = config ? new RateLimiter(config) : null;
  globalForLimits.convergeIngestLimiter = { setting, limiter };
  return limiter;
}

// Failed authentications per client address: a missing or wrong token costs the server lookups and
// is how a token would be guessed, so each address gets a bucket of failures. While it is empty,
// every attempt from that address (right token or not) gets 429 + Retry-After before any lookup.
// Kept per process on every store: a failure costs no database write, and a guesser spread over
// several processes is still slowed by each of them.

export const DEFAULT_AUTH_FAILURE_LIMIT = "20/60s";

export interface FailedAuthLimiter {
  /** Before checking credentials: `ok: false` (answer 429 with Retry-After) while the address is blocked. */
  check(address: string, now?: number): RateDecision;
  /** After credentials were missing or wrong: counts one failure against the address. */
  fail(address: string, now?: number): void;
}

const NO_LIMIT: FailedAuthLimiter = { check: () => ({ ok: true }), fail: () => undefined };

export function createFailedAuthLimiter(config: RateLimitConfig | null): FailedAuthLimiter {
  if (!config) return NO_LIMIT;
  const limiter = new RateLimiter(config);
  return {
    check: (address, now) => limiter.peek(address, now),
    fail: (address, now) => {
      limiter.take(address, now);
    },
  };
}

const globalForAuth = globalThis;

/**
 * This process's failed-authentication limiter (CONVERGE_AUTH_FAILURE_LIMIT, default 20 per minute
 * per address, `off` to disable), rebuilt when the setting changes (tests). Key it with
 * `clientAddress(request)` from lib/auth/client-address.ts.
 */
export function failedAuthLimiter(env: Readonly<Record<string, string | undefined>> = process.env): FailedAuthLimiter {
  const setting = env.CONVERGE_AUTH_FAILURE_LIMIT ?? "";
  const cached = globalForAuth.convergeFailedAuthLimiter;
  if (cached && cached.setting === setting) return cached.limiter;
  const config = parseRateLimit(setting || undefined, "CONVERGE_AUTH_FAILURE_LIMIT", DEFAULT_AUTH_FAILURE_LIMIT);
  const limiter = createFailedAuthLimiter(config);
  globalForAuth.convergeFailedAuthLimiter = { setting, limiter };
  return limiter;
}
