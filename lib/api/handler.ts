import { z } from "zod";
import { isSharedPath, readAccessDenied } from "@/lib/auth/read-access";
import type { Parsed } from "./request";
import { badRequest, serverError, zodIssues } from "./response";

type RouteContext<P> = { params: Promise<P> };

const READS = new Set(["GET", "HEAD"]);

/**
 * Wraps a route handler so nothing escapes as an HTML 500: every failure uses the one error body.
 * Reads are checked here too, not only in proxy.ts: a private instance (CONVERGE_READ_TOKEN) answers
 * 401 to a GET without the read token, except on the shared routes (badge, OG image), which call
 * `canReadShared` themselves. Writes authorize in their handler (a project's ingest token).
 */
export function route<P>(handler: (request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      if (READS.has(request.method) && !isSharedPath(new URL(request.url).pathname)) {
        const denied = readAccessDenied(request);
        if (denied) return denied;
      }
      return await handler(request, await context.params);
    } catch (error) {
      return serverError(error);
    }
  };
}

export function parseQuery<S extends z.ZodType>(request: Request, schema: S): Parsed<z.infer<S>> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(params);
  if (!result.success) {
    return { ok: false, response: badRequest("invalid query parameters", zodIssues(result.error)) };
  }
  return { ok: true, value: result.data };
}

/** Shared query fragments. */
export const PagingParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.iso.datetime({ offset: true }).optional(),
});
