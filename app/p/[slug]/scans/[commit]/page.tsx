import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { shortSha } from "@/lib/format";
import { loadProject, loadScan } from "@/lib/loaders";
import { ScanPage } from "./ScanPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; commit: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, commit } = await params;
  return { title: `Scan ${shortSha(commit)} · ${slug}` };
}

export default async function Page({ params }: Props) {
  const { slug, commit } = await params;
  const project = await loadProject(slug);
  if (!project || !/^[0-9a-f]{7,64}$/.test(commit)) notFound();
  const loaded = await loadScan(project, commit);
  if (!loaded) notFound();
  return (
    <ScanPage
      slug={slug}
      projectName={project.name}
      repoUrl={project.repoUrl}
      scan={loaded.scan}
      previousSha={loaded.adjacent.previous}
      nextSha={loaded.adjacent.next}
    />
  );
}
