import { useQuery } from "@tanstack/react-query";
import type { ProjectCard } from "@/lib/queries/types";
import { apiPath } from "@/lib/links";
import { getJson } from "../useApi";

export function useProjectsQuery(initialData?: ProjectCard[]) {
  return useQuery({
    queryKey: ["projects:list"],
    queryFn: ({ signal }) => getJson<{ projects: ProjectCard[] }>(apiPath.projects(), signal).then((body) => body.projects),
    initialData,
    refetchInterval: 60_000,
  });
}
