import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getProject, getProjectScans, getScanComparison, getSinceLastWeek } from "@/lib/queries";
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
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) notFound();
  const from = first(search.from);
  const to = first(search.to);
  const [comparison, scans] = await Promise.all([
    from && to ? getScanComparison(db, project.id, from, to) : getSinceLastWeek(db, project.id),
    getProjectScans(db, project.id, { limit: 500 }),
  ]);
  return (
    <ComparePage
      slug={slug}
      projectName={project.name}
      requested={from && to ? { from, to } : null}
      comparison={comparison}
      scans={scans.map((scan) => ({ sha: scan.commit.sha, date: scan.commit.date, counted: scan.totals.counted }))}
    />
  );
}
