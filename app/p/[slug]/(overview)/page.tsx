import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { timelineParamsFromSearch } from "@/lib/analytics/range";
import { ogImageHref } from "@/lib/links";
import { loadOverview, loadProject, loadProjectHeadline } from "@/lib/loaders";
import { headlineDescription, shareMetadata } from "@/lib/share/metadata";
import { ProjectPage } from "./ProjectPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const project = await loadProject(slug);
  if (!project) return { title: "Project not found" };
  const headline = await loadProjectHeadline(project.id);
  return shareMetadata(project.name, headlineDescription(headline), ogImageHref(slug));
}

export default async function Page({ params, searchParams }: Props) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const project = await loadProject(slug);
  if (!project) notFound();
  const { view, checks, sinceLastWeek, latestScan } = await loadOverview(project, timelineParamsFromSearch(search));
  return (
    <ProjectPage
      slug={slug}
      initialView={view}
      initialChecks={checks}
      initialSinceLastWeek={sinceLastWeek}
      initialLatestScan={latestScan}
    />
  );
}
