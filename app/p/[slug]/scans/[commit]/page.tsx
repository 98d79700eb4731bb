import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { shortSha } from "@/lib/format";
import { getAdjacentScans, getProject, getScanDetail } from "@/lib/queries";
import { ScanPage } from "./ScanPage";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string; commit: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, commit } = await params;
  return { title: `Scan ${shortSha(commit)} · ${slug}` };
}

export default async function Page({ params, searchParams }: Props) {
  const [{ slug, commit }, search] = await Promise.all([params, searchParams]);
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project || !/^[0-9a-f]{7,64}$/.test(commit)) notFound();
  const scan = await getScanDetail(db, project.id, commit);
  if (!scan) notFound();
  const adjacent = await getAdjacentScans(db, project.id, new Date(scan.commit.date));
  return (
    <ScanPage
      slug={slug}
      projectName={project.name}
      repoUrl={project.repoUrl}
      scan={scan}
      previousSha={adjacent.previous}
      nextSha={adjacent.next}
    />
  );
}
