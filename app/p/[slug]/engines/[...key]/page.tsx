import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { engineKeyFromSegments, ogImageHref } from "@/lib/links";
import { loadEngineHistory, loadEngineName, loadProject, loadProjectHeadline } from "@/lib/loaders";
import { headlineDescription, shareMetadata } from "@/lib/share/metadata";
import { EnginePage } from "./EnginePage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; key: string[] }> };

function keyOf(parts: string[]): string {
  return engineKeyFromSegments(parts);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, key } = await params;
  const project = await loadProject(slug);
  const engineKey = keyOf(key);
  const name = project ? await loadEngineName(project.id, engineKey) : null;
  if (!project || !name) return { title: "Not found" };
  const headline = await loadProjectHeadline(project.id);
  return shareMetadata(
    `${name} · ${project.name}`,
    `${name} (${engineKey}) in ${project.name}: ${headlineDescription(headline)}`,
    ogImageHref(slug, { engine: engineKey }),
  );
}

export default async function Page({ params }: Props) {
  const { slug, key } = await params;
  const project = await loadProject(slug);
  if (!project) notFound();
  const history = await loadEngineHistory(project, keyOf(key));
  if (!history) notFound();
  return <EnginePage slug={slug} projectName={project.name} repoUrl={project.repoUrl} history={history} />;
}
