// Rendered preview images, kept in memory per process. Rendering one PNG costs about 40 ms of CPU, so a
// burst of requests (a link pasted into a busy channel, or a client cycling query strings) would
// otherwise render the same picture again and again and slow every other route of the process.
//
// The key is a digest of everything the image shows (OgImageData), computed after the cheap database
// reads: the project, the scan it is pinned to or the latest one, the engine and the stale note are all
// in it. So a new scan, a new day or another `at` gives a new key (never a stale picture), while query
// strings that resolve to the same picture (an unknown `engine`, an extra parameter) share one entry.
// The cache is bounded in bytes (least recently used out first), and concurrent misses for one key
// share one render.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { type OgImageData, renderOgImage } from "./og-image";

export interface RenderedOgImage {
  png: Uint8Array<ArrayBuffer>;
  /** A strong validator of the PNG's bytes, for If-None-Match. */
  etag: string;
}

export interface OgCacheLimits {
  /** Total PNG bytes kept (default 32 MB: several hundred images of 30–80 kB). */
  maxBytes: number;
  /** Entries kept, whatever their size. */
  maxEntries: number;
}

export const DEFAULT_OG_CACHE_LIMITS: OgCacheLimits = { maxBytes: 32 * 1024 * 1024, maxEntries: 1_000 };

export type OgRenderer = (data: OgImageData) => Promise<Uint8Array<ArrayBuffer>>;

async function renderPng(data: OgImageData): Promise<Uint8Array<ArrayBuffer>> {
  const response = await renderOgImage(data);
  return new Uint8Array(await response.arrayBuffer());
}

/** The cache key: a digest of the image's inputs (the object is built in one fixed key order). */
export function ogImageKey(data: OgImageData): string {
  return createHash("sha256").update(JSON.stringify(data)).digest("base64url");
}

export class OgImageCache {
  private readonly images: LRUCache<string, RenderedOgImage>;
  private readonly rendering = new Map<string, Promise<RenderedOgImage>>();
  /** Renders done by this cache (misses): what a test or a benchmark counts. */
  renders = 0;

  constructor(
    limits: OgCacheLimits = DEFAULT_OG_CACHE_LIMITS,
    private readonly render: OgRenderer = renderPng,
  ) {
    this.images = new LRUCache<string, RenderedOgImage>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (image) => Math.max(1, image.png.byteLength),
    });
  }

  /** The rendered image for `data`, and whether it came from the cache. */
  async image(data: OgImageData): Promise<{ image: RenderedOgImage; cached: boolean }> {
    const key = ogImageKey(data);
    const kept = this.images.get(key);
    if (kept) return { image: kept, cached: true };
    const pending = this.rendering.get(key);
    if (pending) return { image: await pending, cached: true };
    const started = this.renderOnce(key, data);
    this.rendering.set(key, started);
    try {
      return { image: await started, cached: false };
    } finally {
      this.rendering.delete(key);
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.images.size, bytes: this.images.calculatedSize };
  }

  private async renderOnce(key: string, data: OgImageData): Promise<RenderedOgImage> {
    this.renders += 1;
    const png = await this.render(data);
    const image = { png, etag: `"${createHash("sha1").update(png).digest("base64url")}"` };
    this.images.set(key, image);
    return image;
  }
}

declare global {
  /** This process's preview image cache, kept across hot reloads. */
  var convergeOgCache: OgImageCache | undefined;
}

const globalForOg = globalThis;

/** This process's cache of rendered preview images. */
export function ogImageCache(): OgImageCache {
  globalForOg.convergeOgCache ??= new OgImageCache();
  return globalForOg.convergeOgCache;
}

/** Whether the client already holds this image (If-None-Match, a list or `*`, weak validators matching too). */
function clientHolds(request: Request, etag: string): boolean {
  const header = request.headers.get("if-none-match");
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

/** 200 with the PNG, or 304 when the client's copy is current; `headers` carry the caching policy. */
export function ogImageResponse(request: Request, image: RenderedOgImage, headers: Record<string, string>, cached: boolean): Response {
  const common = { ...headers, etag: image.etag, "x-converge-og-cache": cached ? "hit" : "miss" };
  if (clientHolds(request, image.etag)) return new Response(null, { status: 304, headers: common });
  return new Response(image.png, {
    status: 200,
    headers: { ...common, "content-type": "image/png", "content-length": String(image.png.byteLength) },
  });
}
