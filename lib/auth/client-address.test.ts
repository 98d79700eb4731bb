import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addressKey, clientAddress, installPeerStamp, PEER_HEADER, UNKNOWN_ADDRESS } from "./client-address";

/** Headers as a route handler would see them: the Node request's headers copied into a Web Request. */
function asWebRequest(headers: IncomingHttpHeaders): Request {
  const web = new Headers();
  for (const [name, value] of Object.entries(headers)) if (typeof value === "string") web.set(name, value);
  return new Request("http://converge.test/api", { headers: web });
}

describe("client address on a real HTTP server", () => {
  let url = "";
  const seen: Request[] = [];
  const server = createServer((request, response) => {
    seen.push(asWebRequest(request.headers));
    response.end("ok");
  });

  beforeAll(async () => {
    expect(clientAddress(asWebRequest({ [PEER_HEADER]: "guess 10.9.9.9" }), {})).toBe(UNKNOWN_ADDRESS);
    installPeerStamp({});
    installPeerStamp({}); // idempotent: one subscriber, one secret
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("is the socket's address, whatever the client claims", async () => {
    const forged = { [PEER_HEADER]: "0123 10.9.9.9", "x-forwarded-for": "10.1.1.1", "x-real-ip": "10.2.2.2", forwarded: "for=10.3.3.3" };
    await (await fetch(url, { headers: forged })).text();
    await (await fetch(url, { headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } })).text();
    expect(seen.map((request) => clientAddress(request, {}))).toEqual(["127.0.0.1", "127.0.0.1"]);
    // Without a trusted proxy the forwarded headers never reach the application.
    for (const request of seen) {
      for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "forwarded"]) {
        expect(request.headers.get(name)).toBeNull();
      }
    }
  });
});

describe("client address behind a trusted proxy", () => {
  test("is the last X-Forwarded-For entry, the one the proxy appended", () => {
    const request = asWebRequest({ "x-forwarded-for": "10.0.0.1, 203.0.113.7" });
    expect(clientAddress(request, { CONVERGE_TRUST_PROXY: "1" })).toBe("203.0.113.7");
    // Untrusted, the same header is ignored (and this request carries no stamp).
    expect(clientAddress(request, {})).toBe(UNKNOWN_ADDRESS);
  });
});

describe("addressKey", () => {
  test("IPv4-mapped reads as IPv4; IPv6 shares its /64; zone ids are dropped", () => {
    expect(addressKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("198.51.100.4")).toBe("198.51.100.4");
  });
});
