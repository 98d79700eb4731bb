import { useQuery } from "@tanstack/react-query";
import type { ChecksResponse } from "@/lib/contract/responses";
import { apiRead, getJson } from "../useApi";

/** The latest scan's checks (GET …/checks). */
export type ProjectChecks = ChecksResponse;

export function useProjectChecksQuery(slug: string, latestSha: string | null, initialData?: ProjectChecks) {
  return useQuery({
    queryKey: ["projects:checks", { slug, latestSha }],
    queryFn: ({ signal }) => getJson(apiRead.checks(slug), signal),
    enabled: Boolean(slug && latestSha),
    initialData: initialData?.scan?.commit.sha === latestSha ? initialData : undefined,
  });
}
