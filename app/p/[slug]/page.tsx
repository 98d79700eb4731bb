import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getProject, getProjectTimeline } from "@/lib/queries";
import { ProjectPage } from "./ProjectPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const project = await getProject(getDb(), slug);
  return { title: project ? project.name : "Project not found" };
}

export default async function Page({ params }: Props) {
  const { slug } = await params;
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) notFound();
  const timeline = await getProjectTimeline(db, project);
  return <ProjectPage slug={slug} initialTimeline={timeline} />;
}
