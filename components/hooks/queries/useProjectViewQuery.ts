import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TimelineParams } from "@/lib/analytics/view-params";
import type { ProjectView } from "@/lib/contract/responses";
import { apiRead, getJson } from "../useApi";

/** Polls, so a new scan shows up without a reload; other project queries key on its latest SHA. */
export const PROJECT_VIEW_POLL_MS = 30_000;

export function useProjectViewQuery(slug: string, params: TimelineParams, initialData?: ProjectView) {
  return useQuery({
    queryKey: ["projects:view", { slug, range: params.range, granularity: params.granularity, stack: params.stack }],
    queryFn: ({ signal }) => getJson(apiRead.timeline(slug, params), signal),
    enabled: Boolean(slug),
    initialData,
    placeholderData: keepPreviousData,
    refetchInterval: PROJECT_VIEW_POLL_MS,
  });
}
