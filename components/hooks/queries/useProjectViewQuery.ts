import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TimelineParams } from "@/lib/analytics/view-params";
import type { ProjectView } from "@/lib/queries/types";
import { getJson } from "../useApi";

/** Polls, so a new scan shows up without a reload; other project queries key on its latest SHA. */
export const PROJECT_VIEW_POLL_MS = 30_000;

export function useProjectViewQuery(slug: string, params: TimelineParams, initialData?: ProjectView) {
  const search = new URLSearchParams({ range: params.range, granularity: params.granularity, stack: params.stack });
  return useQuery({
    queryKey: ["projects:view", { slug, range: params.range, granularity: params.granularity, stack: params.stack }],
    queryFn: ({ signal }) => getJson<ProjectView>(`/api/v1/projects/${encodeURIComponent(slug)}/timeline?${search}`, signal),
    enabled: Boolean(slug),
    initialData,
    placeholderData: keepPreviousData,
    refetchInterval: PROJECT_VIEW_POLL_MS,
  });
}
