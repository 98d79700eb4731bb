import { describe, expect, test } from "vitest";
import { createFailedAuthLimiter, failedAuthLimiter, parseRateLimit, RateLimiter } from "./rate-limit";

describe("failed-authentication limiter", () => {
  test("allows N failures per window per address, then answers with Retry-After until a failure has refilled", () => {
    const limiter = createFailedAuthLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let failure = 0; failure < 3; failure += 1) {
      expect(limiter.check("198.51.100.4", t0)).toEqual({ ok: true });
      limiter.fail("198.51.100.4", t0);
    }
    expect(limiter.check("198.51.100.4", t0)).toEqual({ ok: false, retryAfterSeconds: 20 });
    // Checking does not cost anything: a blocked address stays blocked exactly as long.
    expect(limiter.check("198.51.100.4", t0 + 10_000)).toEqual({ ok: false, retryAfterSeconds: 10 });
    // Another address is not affected.
    expect(limiter.check("198.51.100.5", t0)).toEqual({ ok: true });
    // One failure's worth refills after window / N.
    expect(limiter.check("198.51.100.4", t0 + 20_000)).toEqual({ ok: true });
  });

  test("only failures count: checks alone never block", () => {
    const limiter = createFailedAuthLimiter({ limit: 1, windowMs: 1_000 });
    for (let i = 0; i < 100; i += 1) expect(limiter.check("a", 5)).toEqual({ ok: true });
  });

  test("CONVERGE_AUTH_FAILURE_LIMIT: default 20 per minute, off, and a clear error for a typo", () => {
    const fresh = failedAuthLimiter({});
    for (let i = 0; i < 20; i += 1) fresh.fail("x", 0);
    expect(fresh.check("x", 0)).toEqual({ ok: false, retryAfterSeconds: 3 });
    const off = failedAuthLimiter({ CONVERGE_AUTH_FAILURE_LIMIT: "off" });
    for (let i = 0; i < 1_000; i += 1) off.fail("x", 0);
    expect(off.check("x", 0)).toEqual({ ok: true });
    expect(() => failedAuthLimiter({ CONVERGE_AUTH_FAILURE_LIMIT: "20 per minute" })).toThrow(
      'CONVERGE_AUTH_FAILURE_LIMIT must look like 600/60s, 10/1s or off; got "20 per minute"',
    );
    expect(parseRateLimit("5/10s", "CONVERGE_AUTH_FAILURE_LIMIT")).toEqual({ limit: 5, windowMs: 10_000 });
  });

  test("peek never remembers an address it has not seen", () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 }, 2);
    for (let i = 0; i < 10; i += 1) expect(limiter.peek(`k${i}`)).toEqual({ ok: true });
    limiter.take("a", 0);
    expect(limiter.peek("a", 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });
});
