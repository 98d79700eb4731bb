import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getEngineHistory, getProject } from "@/lib/queries";
import { EnginePage } from "./EnginePage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; key: string[] }> };

function keyOf(parts: string[]): string {
  return parts.map((part) => decodeURIComponent(part)).join("/");
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, key } = await params;
  const name = keyOf(key).split("::").at(-1) ?? "Engine";
  return { title: `${name} · ${slug}` };
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
