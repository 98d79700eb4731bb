// Per-token rate limit for writes: a token bucket per key (the token's hash, never the token),
// held in process memory. Several server processes each keep their own buckets.

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
 * Unset means DEFAULT_RATE_LIMIT; a malformed value throws, so a typo cannot turn the limit off.
 */
export function parseRateLimit(value: string | undefined): RateLimitConfig | null {
  const text = (value ?? DEFAULT_RATE_LIMIT).trim().toLowerCase();
  if (text === "off" || text === "0") return null;
  const match = /^(\d+)\s*\/\s*(\d+)?\s*(ms|s|m|h)$/.exec(text);
  const limit = Number(match?.[1]);
  const windowMs = Number(match?.[2] ?? 1) * (UNITS[match?.[3] ?? ""] ?? Number.NaN);
  if (!match || !Number.isSafeInteger(limit) || limit < 1 || !Number.isFinite(windowMs) || windowMs < 1) {
    throw new Error(`CONVERGE_RATE_LIMIT must look like 600/60s, 10/1s or off; got "${value}"`);
  }
  return { limit, windowMs };
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
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  /** Drops the least recently used keys (Map order: `take` re-inserts); a dropped key starts full again. */
  private evict(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys * 0.9) break;
      this.buckets.delete(key);
    }
  }
}

const globalForLimits = globalThis as unknown as { convergeIngestLimiter?: { setting: string; limiter: RateLimiter | null } };

/** The ingest limiter for this process, rebuilt when CONVERGE_RATE_LIMIT changes (tests). */
export function ingestRateLimiter(env: NodeJS.ProcessEnv = process.env): RateLimiter | null {
  const setting = env.CONVERGE_RATE_LIMIT ?? "";
  const cached = globalForLimits.convergeIngestLimiter;
  if (cached && cached.setting === setting) return cached.limiter;
  const config = parseRateLimit(env.CONVERGE_RATE_LIMIT || undefined);
  const limiter = config ? new RateLimiter(config) : null;
  globalForLimits.convergeIngestLimiter = { setting, limiter };
  return limiter;
}
