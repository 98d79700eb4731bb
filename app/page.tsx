import { getDb } from "@/lib/db/client";
import { getProjectCards } from "@/lib/queries";
import { ProjectsPage } from "./ProjectsPage";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  return <ProjectsPage initialProjects={await getProjectCards(getDb())} />;
}
