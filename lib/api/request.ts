import type { z } from "zod";
import { apiError, invalidBody, invalidJson, payloadTooLarge, unsupportedMediaType } from "./response";

export const MAX_BODY_BYTES = 1024 * 1024;

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const mediaType = value.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** Reads at most `limit` bytes (after gzip decompression), so a huge or bomb body never sits in memory. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | "too-large" | "bad-encoding"> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return "too-large";
  if (!request.body) return new Uint8Array();
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") return "bad-encoding";
  const stream = encoding === "gzip" ? request.body.pipeThrough(new DecompressionStream("gzip")) : request.body;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return "too-large";
      }
      chunks.push(value);
    }
  } catch {
    return "bad-encoding";
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Content type, size, JSON syntax, then the zod schema: each failure gets its own status. */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  limit: number = MAX_BODY_BYTES,
): Promise<Parsed<z.infer<S>>> {
  if (!isJsonContentType(request.headers.get("content-type"))) {
    return { ok: false, response: unsupportedMediaType("send the body as application/json") };
  }
  const bytes = await readLimited(request, limit);
  if (bytes === "too-large") return { ok: false, response: payloadTooLarge(limit) };
  if (bytes === "bad-encoding") {
    return { ok: false, response: unsupportedMediaType("content-encoding must be identity or gzip, and gzip must be valid") };
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    return { ok: false, response: invalidJson(`the body is not valid JSON: ${(error as Error).message.slice(0, 200)}`) };
  }
  const unstorable = findUnstorableString(data);
  if (unstorable) {
    return {
      ok: false,
      response: apiError(422, "invalid_body", "the body contains a string neither store can hold exactly", [
        {
          path: unstorable.slice(0, 300),
          message: "strings must not contain NUL (U+0000) or unpaired UTF-16 surrogates",
          code: "invalid_string",
        },
      ]),
    };
  }
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, response: invalidBody(result.error) };
  return { ok: true, value: result.data };
}

// NUL: PostgreSQL text cannot hold it. A lone surrogate: it becomes U+FFFD on the way to UTF-8.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Path of the first key or string value that could not be stored as sent (iterative: any depth). */
function findUnstorableString(root: unknown): string | null {
  return containsUnstorable(root) ? pathOfUnstorable(root) : null;
}

/** The fast pass, without building paths: almost every body is clean. */
function containsUnstorable(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (UNSTORABLE.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item !== "number" && typeof item !== "boolean") stack.push(item);
    } else if (value !== null && typeof value === "object") {
      for (const key in value) {
        if (UNSTORABLE.test(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

function pathOfUnstorable(root: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: "" }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next;
    if (typeof value === "string") {
      if (UNSTORABLE.test(value)) return path || "(root)";
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) stack.push({ value: item, path: path ? `${path}.${index}` : String(index) });
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        const itemPath = path ? `${path}.${key}` : key;
        if (UNSTORABLE.test(key)) return itemPath;
        stack.push({ value: item, path: itemPath });
      }
    }
  }
  return null;
}

export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}
