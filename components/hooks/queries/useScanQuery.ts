import { useQuery } from "@tanstack/react-query";
import type { ScanDetail } from "@/lib/queries/types";
import { apiPath } from "@/lib/links";
import { getJson } from "../useApi";

export function useScanQuery(slug: string, sha: string | null, initialData?: ScanDetail | null) {
  return useQuery({
    queryKey: ["scans:detail", { slug, sha }],
    queryFn: ({ signal }) => getJson<{ scan: ScanDetail }>(apiPath.scan(slug, sha ?? ""), signal).then((body) => body.scan),
    enabled: Boolean(slug && sha),
    initialData: initialData && initialData.commit.sha === sha ? initialData : undefined,
    staleTime: Infinity,
  });
}
