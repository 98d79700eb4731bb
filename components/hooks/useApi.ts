import type { AnnotationListResponse } from "@/lib/contract/annotations";
import type {
  ChecksResponse,
  ErrorBody,
  ProjectListResponse,
  ProjectView,
  ScanComparison,
  ScanDetailResponse,
} from "@/lib/contract/responses";
import type { TimelineParams } from "@/lib/analytics/view-params";
import { apiPath } from "@/lib/links";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * A GET of the JSON API with the contract type of its body (lib/contract/responses.ts), so a hook never
 * names a body type by hand: the endpoint carries it. The browser does not parse bodies again: they come
 * from the same deployment, whose route is typed against the same schema (and parses its body outside
 * production), and zod stays out of the browser bundle.
 */
export interface ApiRead<Body> {
  path: string;
  /** Type only, never set: carries the body's type from the endpoint to the hook. */
  readonly body?: Body;
}

export const apiRead = {
  projects: (): ApiRead<ProjectListResponse> => ({ path: apiPath.projects() }),
  timeline: (slug: string, params: Pick<TimelineParams, "range" | "granularity" | "stack">): ApiRead<ProjectView> => ({
    path: apiPath.timeline(slug, { range: params.range, granularity: params.granularity, stack: params.stack }),
  }),
  checks: (slug: string): ApiRead<ChecksResponse> => ({ path: apiPath.checks(slug) }),
  /** Without a range: the latest scan against the one a week older. */
  compare: (slug: string, range: { from: string; to: string } | null): ApiRead<ScanComparison> => ({
    path: apiPath.compare(slug, range ?? {}),
  }),
  scan: (slug: string, sha: string): ApiRead<ScanDetailResponse> => ({ path: apiPath.scan(slug, sha) }),
  annotations: (slug: string, window: { since?: string | undefined; until?: string | undefined }): ApiRead<AnnotationListResponse> => ({
    path: apiPath.annotations(slug, window),
  }),
} as const;

/** The one error body, checked by hand (no zod here): anything else falls back to the status text. */
function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const { error } = value;
  return typeof error === "object" && error !== null && "message" in error && typeof error.message === "string";
}

/** The one fetch wrapper: a non-2xx response becomes an ApiError with the server's code and message. */
export async function getJson<Body>(read: ApiRead<Body>, signal?: AbortSignal): Promise<Body> {
  const response = await fetch(read.path, { headers: { accept: "application/json" }, signal: signal ?? null });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const error = isErrorBody(body) ? body.error : null;
    throw new ApiError(error?.message ?? response.statusText, response.status, typeof error?.code === "string" ? error.code : "unknown");
  }
  return response.json();
}
