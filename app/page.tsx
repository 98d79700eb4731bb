import { loadProjectCards } from "@/lib/loaders";
import { loadRepositoryCards } from "@/lib/loaders/repositories";
import { ProjectsPage } from "./ProjectsPage";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const [projects, repositories] = await Promise.all([loadProjectCards(), loadRepositoryCards()]);
  return <ProjectsPage initialProjects={projects} repositories={repositories} />;
}
