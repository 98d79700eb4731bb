import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadComparison, loadProject } from "@/lib/loaders";
import { ComparePage } from "./ComparePage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  return { title: `Compare · ${slug}` };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function Page({ params, searchParams }: Props) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const project = await loadProject(slug);
  if (!project) notFound();
  const from = first(search.from);
  const to = first(search.to);
  const requested = from && to ? { from, to } : null;
  const { comparison, scans } = await loadComparison(project, requested);
  return (
    <ComparePage
      slug={slug}
      projectName={project.name}
      requested={requested}
      comparison={comparison}
      scans={scans.map((scan) => ({ sha: scan.commit.sha, date: scan.commit.date, counted: scan.totals.counted }))}
    />
  );
}
