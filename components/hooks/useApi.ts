import type { ApiErrorBody } from "@/lib/api/response";

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

/** The one fetch wrapper: a non-2xx response becomes an ApiError with the server's code and message. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" }, signal: signal ?? null });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiError(body?.error.message ?? response.statusText, response.status, body?.error.code ?? "unknown");
  }
  return (await response.json()) as T;
}
