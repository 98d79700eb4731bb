"use client";

import Link from "next/link";
import { StatusBadge } from "@/components/common/StatusBadge";
import { Permalink, ReportActions } from "@/components/report/ReportActions";
import { DiffLists } from "@/components/metrics/DiffLists";
import { MetricCard } from "@/components/metrics/MetricCard";
import { IssueLink } from "@/components/repository/IssueLink";
import { etaLabel } from "@/lib/analytics/forecast";
import type { RepositoryReport } from "@/lib/contract/repository";
import { formatCount } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { projectHref, reportHref, repositoryApiPath, repositoryHref } from "@/lib/links";

const signed = (value: number | null) => (value === null ? "–" : value > 0 ? `+${value}` : String(value));
const tone = (value: number | null) => (value === null || value === 0 ? "" : value < 0 ? "status-good" : "status-bad");

type Family = RepositoryReport["families"][number];

/** One family's short section: its numbers, its tracking issue and what changed (the project report's diff lists). */
function FamilySection({ family }: { family: Family }) {
  const { report } = family;
  const headingId = `family-${family.family}`;
  return (
    <section className="panel family-section" aria-labelledby={headingId} data-family={family.family} data-testid="family-section">
      <h2 id={headingId} className="wrap-anywhere">
        <Link href={projectHref(family.project)}>{family.name}</Link>{" "}
        {report ? <StatusBadge status={report.view.status} stale={report.view.stale} detail={report.view.statusDetail} /> : null}
      </h2>
      <IssueLink url={family.issueUrl} />
      {report ? (
        <>
          <p>
            <strong>
              {report.at.totals.counted} / {report.view.plan?.target ?? report.at.target} {report.at.countUnit}
            </strong>{" "}
            · {formatCount(report.at.totals, report.at.countUnit)} · change{" "}
            <span className={tone(report.at.totals.counted - report.since.totals.counted)}>
              {signed(report.at.totals.counted - report.since.totals.counted)}
            </span>{" "}
            since {formatDate(report.since.commit.date)} ({shortSha(report.since.commit.sha)} → {shortSha(report.at.commit.sha)}) · forecast{" "}
            {etaLabel(report.view.forecast) ?? "–"} · checks failing {report.at.checks.failed} ·{" "}
            <Link href={reportHref(family.project, { at: report.at.commit.sha, since: report.since.commit.sha })}>family report</Link>
          </p>
          <DiffLists slug={family.project} diff={report.diff} />
        </>
      ) : (
        <p className="muted">No scan of this family at this moment.</p>
      )}
    </section>
  );
}

/** The repository's weekly report: the summary table, then a short section per family. */
export function RepositoryReportPage({ report }: { report: RepositoryReport }) {
  const { repository, summary } = report;
  const api = (format?: "md") =>
    repositoryApiPath.report(repository.slug, {
      at: report.at.sha,
      since: new URL(report.permalink, "http://x").searchParams.get("since"),
      format,
    });

  return (
    <article className="report">
      <p className="muted no-print">
        <Link href={repositoryHref(repository.slug)}>{repository.name}</Link> / weekly report
      </p>
      <div className="page-head">
        <div className="page-title">
          <h1 className="wrap-anywhere">{repository.name}: weekly report</h1>
          <p className="headline" data-testid="report-headline">
            {summary.headline}
          </p>
          <p className="muted">
            Week up to {formatDate(report.at.date)} (commit {shortSha(report.at.sha)}), compared with {formatDate(report.since.date)}
          </p>
          <Permalink href={report.permalink} />
        </div>
        <ReportActions markdownUrl={api("md")}>
          <a href={api()}>JSON</a>
        </ReportActions>
      </div>

      <section className="metrics" aria-label="Headline">
        <MetricCard label="Consolidations" value={summary.families} testId="report-families" />
        <MetricCard label="Total / targets" value={`${summary.counted} / ${summary.target}`} testId="report-total" />
        <MetricCard
          label="Change"
          value={signed(summary.change)}
          tone={summary.change < 0 ? "good" : summary.change > 0 ? "bad" : undefined}
          testId="report-change"
        />
      </section>

      <section className="panel" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        <div className="table-scroll">
          <table className="data families-table" data-testid="report-summary">
            <thead>
              <tr>
                <th scope="col" className="col-family">
                  Family
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Before
                </th>
                <th scope="col" className="num">
                  Now
                </th>
                <th scope="col" className="num">
                  Change
                </th>
                <th scope="col" className="num">
                  Target
                </th>
                <th scope="col" className="num">
                  Checks failing
                </th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.family} data-family={row.family}>
                  <td className="col-family">
                    <a href={`#family-${row.family}`}>{row.name}</a>
                    <div className="muted mono">{row.family}</div>
                  </td>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="num">{row.before ?? "–"}</td>
                  <td className="num">{row.now ?? "–"}</td>
                  <td className={`num ${tone(row.change)}`}>{signed(row.change)}</td>
                  <td className="num">{row.target ?? "–"}</td>
                  <td className={`num ${row.checksFailed ? "status-bad" : ""}`}>{row.checksFailed ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {report.families.map((family) => (
        <FamilySection key={family.family} family={family} />
      ))}
    </article>
  );
}
