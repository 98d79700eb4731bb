import { useQuery } from "@tanstack/react-query";
import type { ProjectTimeline } from "@/lib/queries/types";
import { getJson } from "../useApi";

export const PROJECT_TIMELINE_POLL_MS = 30_000;

export function useProjectTimelineQuery(slug: string, initialData?: ProjectTimeline) {
  return useQuery({
    queryKey: ["projects:timeline", { slug }],
    queryFn: ({ signal }) => getJson<ProjectTimeline>(`/api/v1/projects/${encodeURIComponent(slug)}/timeline`, signal),
    enabled: Boolean(slug),
    initialData,
    refetchInterval: PROJECT_TIMELINE_POLL_MS,
  });
}
