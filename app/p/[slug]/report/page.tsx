import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { formatDate } from "@/lib/format";
import { ogImageHref } from "@/lib/links";
import { loadProject, loadWeeklyReport } from "@/lib/loaders";
import { headlineDescription, shareMetadata } from "@/lib/share/metadata";
import { ReportPage } from "./ReportPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Metadata and page both call this; loadWeeklyReport is request-cached, so the report is read once. */
async function load({ params, searchParams }: Props) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  if (!(await loadProject(slug))) notFound();
  const at = first(search.at);
  const report = await loadWeeklyReport(slug, at, first(search.since));
  return { slug, at, report };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { slug, report } = await load(props);
  if (!report) return { title: "Report not found" };
  const title = `${report.project.name}: weekly report ${formatDate(report.at.commit.date)}`;
  return shareMetadata(title, headlineDescription({ ...report.view, sparkline: [] }), ogImageHref(slug, { at: report.at.commit.sha }));
}

export default async function Page(props: Props) {
  const { at, report } = await load(props);
  if (!report) notFound();
  // Without `at` the report would drift as scans arrive: send the reader to the pinned permalink.
  if (!at) redirect(report.permalink);
  return <ReportPage report={report} />;
}
