import { useQuery } from "@tanstack/react-query";
import type { AnnotationListResponse, TimelineAnnotation } from "@/lib/contract/annotations";
import { apiPath } from "@/lib/links";
import { getJson } from "../useApi";

/** The project's timeline events (automatic ones and notes), optionally within a window (inclusive). */
export function useAnnotationsQuery(slug: string, window: { since?: string | undefined; until?: string | undefined } = {}, enabled = true) {
  const query = new URLSearchParams();
  if (window.since) query.set("since", window.since);
  if (window.until) query.set("until", window.until);
  const search = query.size > 0 ? `?${query}` : "";
  return useQuery({
    queryKey: ["projects:annotations", { slug, since: window.since ?? null, until: window.until ?? null }],
    queryFn: async ({ signal }): Promise<TimelineAnnotation[]> =>
      (await getJson<AnnotationListResponse>(`${apiPath.project(slug)}/annotations${search}`, signal)).annotations,
    enabled: Boolean(slug) && enabled,
  });
}
