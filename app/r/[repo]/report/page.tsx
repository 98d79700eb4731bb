import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { formatDate } from "@/lib/format";
import { repositoryOgImageHref } from "@/lib/links";
import { loadRepository, loadRepositoryReport } from "@/lib/loaders/repositories";
import { shareMetadata } from "@/lib/share/metadata";
import { RepositoryReportPage } from "./RepositoryReportPage";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ repo: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Metadata and page both call this; loadRepositoryReport is request-cached, so the report is read once. */
async function load({ params, searchParams }: Props) {
  const [{ repo }, search] = await Promise.all([params, searchParams]);
  if (!(await loadRepository(repo))) notFound();
  const at = first(search.at)?.slice(0, 64);
  const report = await loadRepositoryReport(repo, at, first(search.since)?.slice(0, 64));
  return { repo, at, report };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { repo, report } = await load(props);
  if (!report) return { title: "Report not found" };
  const title = `${report.repository.name}: weekly report ${formatDate(report.at.date)}`;
  return shareMetadata(title, report.summary.headline, repositoryOgImageHref(repo, { at: report.at.sha }));
}

export default async function Page(props: Props) {
  const { at, report } = await load(props);
  if (!report) notFound();
  // Without `at` the report would drift as scans arrive: send the reader to the pinned permalink.
  if (!at) redirect(report.permalink);
  return <RepositoryReportPage report={report} />;
}
