import { useQuery } from "@tanstack/react-query";
import type { ScanComparison } from "@/lib/contract/responses";
import { apiRead, getJson } from "../useApi";

/** `range` null means "since last week" relative to the latest scan. */
export function useCompareQuery(
  slug: string,
  range: { from: string; to: string } | null,
  latestSha: string | null,
  initialData?: ScanComparison | null,
) {
  return useQuery({
    queryKey: ["projects:compare", { slug, from: range?.from ?? null, to: range?.to ?? null, latestSha }],
    queryFn: ({ signal }) => getJson(apiRead.compare(slug, range), signal),
    enabled: Boolean(slug && latestSha),
    initialData: initialData ?? undefined,
  });
}
