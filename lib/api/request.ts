import type { z } from "zod";
import type { ApiIssue } from "@/lib/contract/responses";
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
  return validateSingle(data, schema);
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

/** One element sent alone, or a batch (a JSON array, or NDJSON: one JSON value per line). */
export type IngestBody<T> = { kind: "single"; value: T } | { kind: "batch"; values: T[] };

export interface IngestBodyLimits {
  singleBytes: number;
  batchBytes: number;
  batchItems: number;
}

const MAX_ISSUES = 100;
const BRACKET = 0x5b;

/** The first byte that is not JSON whitespace, or -1. */
function firstNonBlank(bytes: Uint8Array): number {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return -1;
}

function isNdjsonContentType(value: string | null): boolean {
  const mediaType = value?.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/x-ndjson" || mediaType === "application/ndjson" || mediaType === "application/jsonl";
}

/** A zod path as a reader writes it: `[3].families[1].totals`. */
export function bracketPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out || "(root)";
}

/** Every JSON value of an NDJSON text (blank lines skipped), or the first line that is not JSON. */
function parseNdjson(text: string): { ok: true; values: unknown[] } | { ok: false; message: string } {
  const values: unknown[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    try {
      values.push(JSON.parse(line));
    } catch (error) {
      return { ok: false, message: `line ${index + 1} is not valid JSON: ${(error as Error).message.slice(0, 200)}` };
    }
  }
  return { ok: true, values };
}

/**
 * Each element through `schema`, all of them before anything is used: the issues of every invalid
 * element, each path starting with its index (`[3].families[1].totals`), at most 100 in all.
 */
function validateElements<S extends z.ZodType>(values: readonly unknown[], schema: S): Parsed<Array<z.infer<S>>> {
  const issues: ApiIssue[] = [];
  const parsed: Array<z.infer<S>> = [];
  for (const [index, value] of values.entries()) {
    const unstorable = findUnstorableString(value);
    if (unstorable) {
      issues.push({
        path: `[${index}].${unstorable}`.slice(0, 300),
        message: "strings must not contain NUL (U+0000) or unpaired UTF-16 surrogates",
        code: "invalid_string",
      });
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) parsed.push(result.data);
    else {
      for (const issue of result.error.issues) {
        issues.push({ path: bracketPath([index, ...issue.path]).slice(0, 300), message: issue.message.slice(0, 300), code: issue.code });
      }
    }
    if (issues.length >= MAX_ISSUES) break;
  }
  if (issues.length === 0) return { ok: true, value: parsed };
  const elements = [...new Set(issues.map((issue) => issue.path))].slice(0, 5).join(", ");
  return {
    ok: false,
    response: apiError(422, "invalid_body", `invalid elements, nothing was stored: ${elements}`, issues.slice(0, MAX_ISSUES)),
  };
}

/**
 * The ingest routes' body: application/json holding one element or an array of them, or
 * application/x-ndjson with one element per line; gzip allowed. The caps apply to the decompressed
 * bytes: `singleBytes` for one element alone, `batchBytes` for a batch (413 beyond either, or beyond
 * `batchItems` elements). Every element is validated before any is returned: one invalid element is a
 * 422 naming it, and nothing is stored.
 */
export async function parseIngestBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  limits: IngestBodyLimits,
): Promise<Parsed<IngestBody<z.infer<S>>>> {
  const contentType = request.headers.get("content-type");
  const ndjson = isNdjsonContentType(contentType);
  if (!ndjson && !isJsonContentType(contentType)) {
    return { ok: false, response: unsupportedMediaType("send application/json (one element or an array) or application/x-ndjson") };
  }
  const bytes = await readLimited(request, limits.batchBytes);
  if (bytes === "too-large") return { ok: false, response: payloadTooLarge(limits.batchBytes) };
  if (bytes === "bad-encoding") {
    return { ok: false, response: unsupportedMediaType("content-encoding must be identity or gzip, and gzip must be valid") };
  }
  // Only an array may use the batch cap: anything else (an object, garbage, blank padding) keeps the single cap.
  if (!ndjson && bytes.byteLength > limits.singleBytes && firstNonBlank(bytes) !== BRACKET) {
    return { ok: false, response: payloadTooLarge(limits.singleBytes) };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, response: invalidJson("the body is not valid UTF-8") };
  }
  let data: unknown;
  if (ndjson) {
    const lines = parseNdjson(text);
    if (!lines.ok) return { ok: false, response: invalidJson(lines.message) };
    data = lines.values;
  } else {
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { ok: false, response: invalidJson(`the body is not valid JSON: ${(error as Error).message.slice(0, 200)}`) };
    }
  }
  if (!Array.isArray(data)) {
    if (bytes.byteLength > limits.singleBytes) return { ok: false, response: payloadTooLarge(limits.singleBytes) };
    const single = validateSingle(data, schema);
    return single.ok ? { ok: true, value: { kind: "single", value: single.value } } : single;
  }
  if (data.length === 0) return { ok: false, response: apiError(422, "invalid_body", "the batch is empty: send at least one element") };
  if (data.length > limits.batchItems) {
    return {
      ok: false,
      response: apiError(413, "payload_too_large", `the batch holds ${data.length} elements; at most ${limits.batchItems} per request`),
    };
  }
  const values = validateElements(data, schema);
  return values.ok ? { ok: true, value: { kind: "batch", values: values.value } } : values;
}

/** One JSON value against its schema: the issues as a single post has always named them (`totals`, `members.0.key`). */
function validateSingle<S extends z.ZodType>(data: unknown, schema: S): Parsed<z.infer<S>> {
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
