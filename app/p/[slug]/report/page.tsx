import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { formatDate } from "@/lib/format";
import { getProject, getWeeklyReport } from "@/lib/queries";
import { headlineDescription, shareMetadata } from "@/lib/share/metadata";
import { ReportPage } from "./ReportPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function load({ params, searchParams }: Props) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) notFound();
  const at = first(search.at);
  const since = first(search.since);
  const report = await getWeeklyReport(db, project, { at, since });
  return { slug, at, report };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { slug, report } = await load(props);
  if (!report) return { title: "Report not found" };
  const title = `${report.project.name}: weekly report ${formatDate(report.at.commit.date)}`;
  return shareMetadata(
    title,
    headlineDescription({ ...report.view, sparkline: [] }),
    `/p/${encodeURIComponent(slug)}/og.png?${new URLSearchParams({ at: report.at.commit.sha })}`,
  );
}

export default async function Page(props: Props) {
  const { at, report } = await load(props);
  if (!report) notFound();
  // Without `at` the report would drift as scans arrive: send the reader to the pinned permalink.
  if (!at) redirect(report.permalink);
  return <ReportPage report={report} />;
}
