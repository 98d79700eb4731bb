"use client";

import Link from "next/link";
import { ChartPngButton } from "@/components/charts/ChartPngButton";
import { Permalink, ReportActions } from "@/components/report/ReportActions";
import { StatusBadge } from "@/components/common/StatusBadge";
import { AnnotationList } from "@/components/metrics/AnnotationList";
import { DiffLists } from "@/components/metrics/DiffLists";
import { ForecastChecksGrid } from "@/components/metrics/ForecastChecksGrid";
import { MetricCard } from "@/components/metrics/MetricCard";
import { ProgressChart } from "@/components/metrics/LazyProgressChart";
import { TotalsTable } from "@/components/metrics/TotalsTable";
import { Breakable, PathText } from "@/components/metrics/LongText";
import { usagesLabel } from "@/components/metrics/Usage";
import { CLASSIFICATION_LABELS, formatCount } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { etaLabel } from "@/lib/analytics/forecast";
import { apiPath, engineHref, projectHref, scanHref } from "@/lib/links";
import type { WeeklyReport } from "@/lib/contract/responses";

export function ReportPage({ report }: { report: WeeklyReport }) {
  const { at, since, view } = report;
  const slug = report.project.slug;
  const target = view.plan?.target ?? at.target;
  const change = at.totals.counted - since.totals.counted;
  const usagesChange = report.usages.now !== null && report.usages.since !== null ? report.usages.now - report.usages.since : null;
  const api = (format?: "md" | "csv") => apiPath.report(slug, { at: at.commit.sha, since: since.commit.sha, format });

  return (
    <article className="report">
      <p className="muted no-print">
        <Link href={projectHref(slug)}>{report.project.name}</Link> / weekly report
      </p>
      <div className="page-head">
        <div>
          <h1>
            {report.project.name}: weekly report{" "}
            <StatusBadge status={view.status} stale={view.stale} detail={view.statusDetail} showDetail />
          </h1>
          <p className="headline" data-testid="report-headline">
            {formatCount(at.totals, at.countUnit)}
          </p>
          <p className="muted">
            {formatDate(at.commit.date)} (scan <Link href={scanHref(slug, at.commit.sha)}>{shortSha(at.commit.sha)}</Link>), compared with{" "}
            {formatDate(since.commit.date)} (scan <Link href={scanHref(slug, since.commit.sha)}>{shortSha(since.commit.sha)}</Link>)
          </p>
          <Permalink href={report.permalink} />
        </div>
        <ReportActions markdownUrl={api("md")}>
          <a href={api("csv")}>CSV</a>
          <a href={api()}>JSON</a>
          <ChartPngButton targetId="report-chart" filename={`${slug}-report-${shortSha(at.commit.sha)}.png`} />
        </ReportActions>
      </div>

      <section className="metrics" aria-label="Headline">
        <MetricCard label="Count / target" value={`${at.totals.counted} / ${target}`} detail={`in ${at.countUnit}`} testId="report-count" />
        <MetricCard
          label={`Since ${formatDate(since.commit.date)}`}
          value={change > 0 ? `+${change}` : String(change)}
          tone={change < 0 ? "good" : change > 0 ? "bad" : undefined}
          testId="report-change"
        />
        <MetricCard label="Forecast" value={etaLabel(view.forecast) ?? "–"} testId="report-eta" />
        <MetricCard label="Checks failing" value={at.checks.failed} tone={at.checks.failed === 0 ? "good" : "bad"} testId="report-checks" />
        <MetricCard
          label="Legacy usages"
          value={usagesLabel(report.usages.now)}
          detail={`before: ${usagesLabel(report.usages.since)}${usagesChange === null ? "" : ` (${usagesChange > 0 ? "+" : ""}${usagesChange})`}`}
          tone={usagesChange === null ? undefined : usagesChange < 0 ? "good" : usagesChange > 0 ? "bad" : undefined}
          testId="report-usages"
        />
      </section>

      {report.usages.now !== null ? (
        <section className="panel" aria-labelledby="removable-heading" data-testid="report-removable">
          <h2 id="removable-heading">No usages: removable ({report.usages.removable.length})</h2>
          {report.usages.removable.length > 0 ? (
            <ul className="diff-list">
              {report.usages.removable.map((member) => (
                <li key={member.key}>
                  <Link href={engineHref(slug, member.key)}>
                    <Breakable text={member.name} />
                  </Link>{" "}
                  <span className="muted">
                    ({CLASSIFICATION_LABELS[member.classification]}, <PathText path={`${member.file}:${member.line}`} max={60} />)
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None: every counted non-primary member is still used outside its own file.</p>
          )}
        </section>
      ) : null}

      <section className="panel" id="report-chart" aria-label="Progress chart">
        <ProgressChart
          slug={slug}
          name={report.project.name}
          points={view.points}
          plan={view.plan}
          forecast={view.forecast}
          stack="classification"
          annotations={report.annotations}
        />
      </section>

      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">This week</h2>
        <AnnotationList
          slug={slug}
          annotations={report.annotations}
          empty={`No merged pull request, plan change, due date or note since ${formatDate(since.commit.date)}.`}
          showMembers
        />
      </section>

      <ForecastChecksGrid forecast={view.forecast} verdicts={view.verdicts} target={target} checks={report.checks} />

      <section className="panel" aria-labelledby="changes-heading">
        <h2 id="changes-heading">Changes since {formatDate(since.commit.date)}</h2>
        <DiffLists slug={slug} diff={report.diff} />
      </section>

      <section className="panel" aria-labelledby="totals-heading">
        <h2 id="totals-heading">Totals</h2>
        <TotalsTable
          columns={[
            { label: formatDate(since.commit.date), totals: since.totals, unit: since.countUnit },
            { label: formatDate(at.commit.date), totals: at.totals, unit: at.countUnit },
          ]}
        />
      </section>
    </article>
  );
}
