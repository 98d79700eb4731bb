import type { z } from "zod";
import type { ApiIssue, ErrorBody, ErrorCode } from "@/lib/contract/responses";

/** The one error body every route returns: `{ error: { code, message, status, issues? } }` (ErrorBodySchema). */
export type { ApiIssue, ErrorCode };
export type ApiErrorBody = ErrorBody;

const NO_STORE = { "cache-control": "no-store" };

/**
 * A JSON body described by its response schema in lib/contract/responses.ts. The data must be a valid
 * input of the schema: tsc checks that, so production serializes the read model as it is (no copy).
 * Outside production the body is also parsed, so a test that reaches a route fails on a body that breaks
 * the contract rather than a client downstream.
 */
export function respond<S extends z.ZodType>(schema: S, data: z.input<S>, init: ResponseInit = {}): Response {
  if (process.env.NODE_ENV !== "production") schema.parse(data);
  return Response.json(data, { ...init, headers: { ...NO_STORE, ...init.headers } });
}

export function apiError(status: number, code: ErrorCode, message: string, issues?: ApiIssue[], headers?: HeadersInit): Response {
  const body: ApiErrorBody = { error: { code, message, status, ...(issues ? { issues } : {}) } };
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** At most 100 issues, each path and message clipped: an error body stays small whatever was sent. */
export function zodIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.slice(0, 100).map((issue) => ({
    path: clip(issue.path.map(String).join(".") || "(root)"),
    message: clip(issue.message),
    code: issue.code,
  }));
}

export const badRequest = (message: string, issues?: ApiIssue[]) => apiError(400, "bad_request", message, issues);
export const invalidJson = (message: string) => apiError(400, "invalid_json", message);
export const unauthorized = (message = "a valid bearer token is required") =>
  apiError(401, "unauthorized", message, undefined, { "www-authenticate": 'Bearer realm="converge"' });
export const forbidden = (message: string) => apiError(403, "forbidden", message);
export const notFound = (message: string) => apiError(404, "not_found", message);
export const payloadTooLarge = (limitBytes: number) =>
  apiError(413, "payload_too_large", `the request body is larger than ${limitBytes} bytes`);
export const unsupportedMediaType = (message: string) => apiError(415, "unsupported_media_type", message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  apiError(429, "rate_limited", `too many requests for this token; retry in ${retryAfterSeconds} s`, undefined, {
    "retry-after": String(retryAfterSeconds),
  });

export const serviceUnavailable = (message: string, retryAfterSeconds: number) =>
  apiError(503, "unavailable", message, undefined, { "retry-after": String(retryAfterSeconds) });

export function invalidBody(error: z.ZodError): Response {
  const issues = zodIssues(error);
  const fields = [...new Set(issues.map((issue) => issue.path))].slice(0, 5).join(", ");
  return apiError(422, "invalid_body", `the body does not match the inventory contract (${fields})`, issues);
}

export function serverError(error: unknown): Response {
  console.error("[converge] unhandled error", error instanceof Error ? error.message : error);
  return apiError(500, "internal", "internal error");
}
