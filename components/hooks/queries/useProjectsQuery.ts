import { useQuery } from "@tanstack/react-query";
import type { ProjectCard } from "@/lib/contract/responses";
import { apiRead, getJson } from "../useApi";

export function useProjectsQuery(initialData?: ProjectCard[]) {
  return useQuery({
    queryKey: ["projects:list"],
    queryFn: ({ signal }) => getJson(apiRead.projects(), signal).then((body) => body.projects),
    initialData,
    refetchInterval: 60_000,
  });
}
