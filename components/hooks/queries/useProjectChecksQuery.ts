import { useQuery } from "@tanstack/react-query";
import type { CheckStatus } from "@/lib/queries/checks";
import type { ScanSummary } from "@/lib/queries/types";
import { apiPath } from "@/lib/links";
import { getJson } from "../useApi";

export interface ProjectChecks {
  scan: ScanSummary | null;
  checks: CheckStatus[];
}

export function useProjectChecksQuery(slug: string, latestSha: string | null, initialData?: ProjectChecks) {
  return useQuery({
    queryKey: ["projects:checks", { slug, latestSha }],
    queryFn: ({ signal }) => getJson<ProjectChecks>(apiPath.checks(slug), signal),
    enabled: Boolean(slug && latestSha),
    initialData: initialData?.scan?.commit.sha === latestSha ? initialData : undefined,
  });
}
