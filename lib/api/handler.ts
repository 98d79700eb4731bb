import { z } from "zod";
import type { Parsed } from "./request";
import { badRequest, serverError, zodIssues } from "./response";

type RouteContext<P> = { params: Promise<P> };

/** Wraps a route handler so nothing escapes as an HTML 500: every failure uses the one error body. */
export function route<P>(handler: (request: Request, params: P) => Promise<Response>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
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
