import { describe, expect, test } from "vitest";
import { publicOrigin, trustsProxy } from "./origin";

const forged = new Headers({ host: "converge.internal:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });

describe("publicOrigin", () => {
  test("ignores X-Forwarded-Host and -Proto unless the proxy is trusted", () => {
    expect(publicOrigin(forged, {})).toBe("http://converge.internal:3000");
    expect(publicOrigin(forged, { CONVERGE_TRUST_PROXY: "0" })).toBe("http://converge.internal:3000");
    expect(publicOrigin(forged, { CONVERGE_TRUST_PROXY: "1" })).toBe("https://evil.example");
  });

  test("CONVERGE_PUBLIC_URL wins over every header", () => {
    expect(publicOrigin(forged, { CONVERGE_PUBLIC_URL: "https://converge.example.com/some/path" })).toBe("https://converge.example.com");
    expect(publicOrigin(forged, { CONVERGE_PUBLIC_URL: "https://converge.example.com", CONVERGE_TRUST_PROXY: "1" })).toBe(
      "https://converge.example.com",
    );
  });

  test("a trusted proxy's first entry counts; a missing one falls back to the request's host", () => {
    const chained = new Headers({
      host: "internal:3000",
      "x-forwarded-host": "converge.example.com, other",
      "x-forwarded-proto": "https, http",
    });
    expect(publicOrigin(chained, { CONVERGE_TRUST_PROXY: "1" })).toBe("https://converge.example.com");
    expect(publicOrigin(new Headers({ host: "internal:3000" }), { CONVERGE_TRUST_PROXY: "1" })).toBe("http://internal:3000");
  });

  test("a host that is not a host, or a scheme that is not http(s), gives the fallback", () => {
    for (const host of ["evil.example/path", "user@evil.example", "evil.example?x=1", "evil example", ""]) {
      expect(publicOrigin(new Headers(host ? { host } : {}), {})).toBe("http://localhost:3000");
    }
    expect(publicOrigin(new Headers({ host: "[::1]:3000" }), {})).toBe("http://[::1]:3000");
    expect(publicOrigin(new Headers({ host: "h", "x-forwarded-proto": "javascript" }), { CONVERGE_TRUST_PROXY: "1" })).toBe(
      "http://localhost:3000",
    );
  });

  test("CONVERGE_TRUST_PROXY accepts 1 or 0 and names itself otherwise", () => {
    expect(trustsProxy({})).toBe(false);
    expect(trustsProxy({ CONVERGE_TRUST_PROXY: " 1 " })).toBe(true);
    expect(() => trustsProxy({ CONVERGE_TRUST_PROXY: "yes" })).toThrow(/CONVERGE_TRUST_PROXY must be 1 or 0; got "yes"/);
  });
});
