import { notFound } from "@/lib/api/response";

/** Unknown API paths answer in the one error body, not with the HTML 404 page. */
function unknownRoute(request: Request): Response {
  return notFound(`no API route ${request.method} ${new URL(request.url).pathname}`);
}

export const GET = unknownRoute;
export const POST = unknownRoute;
export const PUT = unknownRoute;
export const PATCH = unknownRoute;
export const DELETE = unknownRoute;
