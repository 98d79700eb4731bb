import { useQuery } from "@tanstack/react-query";
import type { TimelineAnnotation } from "@/lib/contract/annotations";
import { apiRead, getJson } from "../useApi";

/** The project's timeline events (automatic ones and notes), optionally within a window (inclusive). */
export function useAnnotationsQuery(slug: string, window: { since?: string | undefined; until?: string | undefined } = {}, enabled = true) {
  return useQuery({
    queryKey: ["projects:annotations", { slug, since: window.since ?? null, until: window.until ?? null }],
    queryFn: async ({ signal }): Promise<TimelineAnnotation[]> =>
      (await getJson(apiRead.annotations(slug, { since: window.since || undefined, until: window.until || undefined }), signal))
        .annotations,
    enabled: Boolean(slug) && enabled,
  });
}
