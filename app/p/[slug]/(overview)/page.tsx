import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { timelineParamsFromSearch } from "@/lib/analytics/range";
import { getDb } from "@/lib/db/client";
import { getCheckStatuses, getProject, getProjectHeadline, getProjectView, getScanDetail, getSinceLastWeek } from "@/lib/queries";
import { headlineDescription, shareMetadata } from "@/lib/share/metadata";
import { ProjectPage } from "./ProjectPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) return { title: "Project not found" };
  const headline = await getProjectHeadline(db, project.id);
  return shareMetadata(project.name, headlineDescription(headline), `/p/${encodeURIComponent(slug)}/og.png`);
}

export default async function Page({ params, searchParams }: Props) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) notFound();
  const view = await getProjectView(db, project, timelineParamsFromSearch(search));
  const latestSha = view.latest?.sha ?? null;
  const [latestScan, sinceLastWeek] = await Promise.all([
    latestSha ? getScanDetail(db, project.id, latestSha) : null,
    getSinceLastWeek(db, project.id),
  ]);
  const checks = latestScan
    ? { scan: latestScan, checks: await getCheckStatuses(db, project.id, latestScan.id) }
    : { scan: null, checks: [] };
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
