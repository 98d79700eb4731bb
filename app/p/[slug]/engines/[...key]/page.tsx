import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getEngineHistory, getEngineName, getProject, getProjectHeadline } from "@/lib/queries";
import { headlineDescription, shareMetadata } from "@/lib/share/metadata";
import { EnginePage } from "./EnginePage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; key: string[] }> };

function keyOf(parts: string[]): string {
  return parts.map((part) => decodeURIComponent(part)).join("/");
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, key } = await params;
  const db = getDb();
  const project = await getProject(db, slug);
  const engineKey = keyOf(key);
  const name = project ? await getEngineName(db, project.id, engineKey) : null;
  if (!project || !name) return { title: "Not found" };
  const headline = await getProjectHeadline(db, project.id);
  return shareMetadata(
    `${name} · ${project.name}`,
    `${name} (${engineKey}) in ${project.name}: ${headlineDescription(headline)}`,
    `/p/${encodeURIComponent(slug)}/og.png?${new URLSearchParams({ engine: engineKey })}`,
  );
}

export default async function Page({ params }: Props) {
  const { slug, key } = await params;
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) notFound();
  const history = await getEngineHistory(db, project.id, keyOf(key));
  if (!history) notFound();
  return <EnginePage slug={slug} projectName={project.name} repoUrl={project.repoUrl} history={history} />;
}
