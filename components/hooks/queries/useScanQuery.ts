import { useQuery } from "@tanstack/react-query";
import type { ScanDetail } from "@/lib/contract/responses";
import { apiRead, getJson } from "../useApi";

export function useScanQuery(slug: string, sha: string | null, initialData?: ScanDetail | null) {
  return useQuery({
    queryKey: ["scans:detail", { slug, sha }],
    queryFn: ({ signal }) => getJson(apiRead.scan(slug, sha ?? ""), signal).then((body) => body.scan),
    enabled: Boolean(slug && sha),
    initialData: initialData && initialData.commit.sha === sha ? initialData : undefined,
    staleTime: Infinity,
  });
}
