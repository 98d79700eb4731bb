import { useQuery } from "@tanstack/react-query";
import type { ScanComparison } from "@/lib/queries/compare";
import { apiPath } from "@/lib/links";
import { getJson } from "../useApi";

/** `range` null means "since last week" relative to the latest scan. */
export function useCompareQuery(
  slug: string,
  range: { from: string; to: string } | null,
  latestSha: string | null,
  initialData?: ScanComparison | null,
) {
  return useQuery({
    queryKey: ["projects:compare", { slug, from: range?.from ?? null, to: range?.to ?? null, latestSha }],
    queryFn: ({ signal }) => getJson<ScanComparison>(apiPath.compare(slug, range ?? {}), signal),
    enabled: Boolean(slug && latestSha),
    initialData: initialData ?? undefined,
  });
}
