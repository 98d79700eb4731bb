// The preview-image cache on its own (lib/share/og-cache.ts): keyed by what the picture shows, bounded in
// bytes with the least recently used out first, one render for concurrent misses; and the real renderer
// through it. The HTTP side (ETag, 304, a burst of query strings) is in shared-caching.test.ts.
import { describe, expect, test } from "vitest";
import { OgImageCache, ogImageKey, ogImageResponse } from "@/lib/share/og-cache";
import type { OgImageData } from "@/lib/share/og-image";

const picture = (title: string, overrides: Partial<OgImageData> = {}): OgImageData => ({
  title,
  subtitle: "Latest scan · 1 Oct 2026",
  note: null,
  status: "on-track",
  count: "12",
  target: "/ 8 names",
  unitLine: "12 names · 14 definitions",
  sparkline: [20, 18, 15, 12],
  ...overrides,
});

/** A renderer that returns `size` bytes naming the title, and counts its calls. */
function fakeRenderer(size = 1_000) {
  const calls: string[] = [];
  const render = async (data: OgImageData) => {
    calls.push(data.title);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const png = new Uint8Array(size);
    png.set(new TextEncoder().encode(data.title).subarray(0, size));
    return png;
  };
  return { calls, render };
}

describe("OgImageCache", () => {
  test("the key is what the picture shows: any field changes it, nothing else does", () => {
    expect(ogImageKey(picture("A"))).toBe(ogImageKey(picture("A")));
    for (const change of [{ note: "stale 15d" }, { count: "11" }, { sparkline: [20, 18, 15, 11] }, { status: "late" as const }]) {
      expect(ogImageKey(picture("A", change))).not.toBe(ogImageKey(picture("A")));
    }
  });

  test("a hit renders nothing; concurrent misses for one picture share one render", async () => {
    const { calls, render } = fakeRenderer();
    const cache = new OgImageCache({ maxBytes: 1_000_000, maxEntries: 100 }, render);
    const first = await Promise.all(Array.from({ length: 10 }, () => cache.image(picture("A"))));
    expect(calls).toEqual(["A"]);
    expect(first.filter((result) => !result.cached)).toHaveLength(1);
    const again = await cache.image(picture("A"));
    expect(again.cached).toBe(true);
    expect(again.image.etag).toBe(first[0]?.image.etag);
    expect(cache.renders).toBe(1);
  });

  test("bounded in bytes: the least recently used picture goes first", async () => {
    const { calls, render } = fakeRenderer(1_000);
    const cache = new OgImageCache({ maxBytes: 3_000, maxEntries: 100 }, render);
    for (const title of ["A", "B", "C"]) await cache.image(picture(title));
    await cache.image(picture("A")); // A is now the most recent
    await cache.image(picture("D")); // evicts B
    expect(cache.size).toEqual({ entries: 3, bytes: 3_000 });
    expect((await cache.image(picture("A"))).cached).toBe(true);
    expect((await cache.image(picture("B"))).cached).toBe(false);
    expect(calls).toEqual(["A", "B", "C", "D", "B"]);
  });

  test("bounded in entries too", async () => {
    const { render } = fakeRenderer(10);
    const cache = new OgImageCache({ maxBytes: 1_000_000, maxEntries: 5 }, render);
    for (let i = 0; i < 50; i += 1) await cache.image(picture(`P${i}`));
    expect(cache.size.entries).toBe(5);
  });

  test("a failed render is not cached: the next request tries again", async () => {
    let fail = true;
    const cache = new OgImageCache({ maxBytes: 1_000_000, maxEntries: 10 }, async () => {
      if (fail) throw new Error("font missing");
      return new Uint8Array(8);
    });
    await expect(cache.image(picture("A"))).rejects.toThrow("font missing");
    fail = false;
    expect((await cache.image(picture("A"))).cached).toBe(false);
  });

  test("the real renderer: a 1200×630 PNG, the same bytes from the cache, 304 for its ETag", async () => {
    const cache = new OgImageCache();
    const { image } = await cache.image(picture("Execution engine consolidation"));
    const png = Buffer.from(image.png);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const cached = await cache.image(picture("Execution engine consolidation"));
    expect(cached.cached).toBe(true);
    const request = (etag?: string) => new Request("http://x/p/a/og.png", { headers: etag ? { "if-none-match": etag } : {} });
    const full = ogImageResponse(request(), image, { "cache-control": "public, max-age=300" }, true);
    expect(full.status).toBe(200);
    expect(full.headers.get("content-length")).toBe(String(png.byteLength));
    expect(Buffer.from(await full.arrayBuffer()).equals(png)).toBe(true);
    expect(ogImageResponse(request(image.etag), image, {}, true).status).toBe(304);
    expect(ogImageResponse(request("*"), image, {}, true).status).toBe(304);
  }, 60_000);
});
