import { loadProjectCards } from "@/lib/loaders";
import { ProjectsPage } from "./ProjectsPage";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  return <ProjectsPage initialProjects={await loadProjectCards()} />;
}
