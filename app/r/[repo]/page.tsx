import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { repositoryOgImageHref } from "@/lib/links";
import { loadRepositoryOverview } from "@/lib/loaders/repositories";
import { shareMetadata } from "@/lib/share/metadata";
import { RepositoryPage } from "./RepositoryPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ repo: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { repo } = await params;
  const overview = await loadRepositoryOverview(repo);
  if (!overview) return { title: "Repository not found" };
  const { summary } = overview;
  return shareMetadata(
    overview.repository.name,
    `${summary.headline}: ${summary.counted} / ${summary.target} in total`,
    repositoryOgImageHref(repo),
  );
}

export default async function Page({ params }: Props) {
  const { repo } = await params;
  const overview = await loadRepositoryOverview(repo);
  if (!overview) notFound();
  return <RepositoryPage overview={overview} />;
}
