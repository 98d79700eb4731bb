"use client";

import Link from "next/link";
import { useUrlState } from "@/components/hooks/useUrlState";
import { MetricCard } from "@/components/metrics/MetricCard";
import { FAMILY_VIEW_DEFAULTS, familyViewFrom } from "@/components/repository/families";
import { FamiliesTable } from "@/components/repository/FamiliesTable";
import { CombinedChart } from "@/components/repository/LazyCombinedChart";
import { MovedPanel } from "@/components/repository/MovedPanel";
import type { RepositoryOverview } from "@/lib/contract/repository";
import { formatDate } from "@/lib/format";
import { repositoryApiPath, repositoryBadgeHref, repositoryReportHref } from "@/lib/links";

const TALLY_WORDS = [
  ["late", "late"],
  ["at-risk", "at risk"],
  ["on-track", "on track"],
  ["done", "done"],
  ["empty", "empty"],
  ["no-data", "no data"],
  ["stale", "stale"],
] as const;

/** "1 late · 2 on track · 1 done" */
function statusTally(statuses: RepositoryOverview["summary"]["statuses"]): string {
  return TALLY_WORDS.filter(([key]) => statuses[key] > 0)
    .map(([key, words]) => `${statuses[key]} ${words}`)
    .join(" · ");
}

const URL_DEFAULTS: Record<string, string> = { ...FAMILY_VIEW_DEFAULTS, chart: "total" };

/** The repository overview: every family as a row, the combined chart, what moved this week. View state lives in the URL. */
export function RepositoryPage({ overview }: { overview: RepositoryOverview }) {
  const url = useUrlState(URL_DEFAULTS);
  const view = familyViewFrom(url.get);
  const stack = url.get("chart") === "family" ? "family" : "total";
  const { repository, summary } = overview;
  const latest = overview.combined.at(-1) ?? null;
  return (
    <>
      <div className="page-head">
        <div className="page-title">
          <h1 className="wrap-anywhere">{repository.name}</h1>
          <p className="headline" data-testid="repository-headline">
            {summary.headline}
          </p>
          <p className="muted mono wrap-anywhere">{repository.slug}</p>
        </div>
        <nav className="actions" aria-label="Repository actions">
          {latest ? <Link href={repositoryReportHref(repository.slug)}>Weekly report</Link> : null}
          <a href={repositoryApiPath.overview(repository.slug)}>JSON</a>
          <a href={repositoryBadgeHref(repository.slug)}>Badge</a>
        </nav>
      </div>

      <section className="metrics" aria-label="Repository summary">
        <MetricCard label="Consolidations" value={summary.families} testId="metric-families" />
        <MetricCard
          label="Total / targets"
          value={`${summary.counted} / ${summary.target}`}
          detail="each family in its own unit"
          testId="metric-total"
        />
        <MetricCard
          label="Since last week"
          value={summary.change > 0 ? `+${summary.change}` : String(summary.change)}
          tone={summary.change < 0 ? "good" : summary.change > 0 ? "bad" : undefined}
          testId="metric-change"
        />
        <MetricCard
          label="On track or done"
          value={`${summary.statuses["on-track"] + summary.statuses.done} / ${summary.families}`}
          detail={statusTally(summary.statuses)}
          testId="metric-statuses"
        />
        <MetricCard label="Latest scan" value={latest ? formatDate(latest.date) : "–"} testId="metric-latest" />
      </section>

      <section className="panel" aria-labelledby="families-heading">
        <h2 id="families-heading">Families</h2>
        <FamiliesTable rows={overview.families} view={view} onViewChange={url.set} />
      </section>

      {overview.combined.length > 0 ? (
        <section className="panel" aria-labelledby="combined-heading" id="combined-chart">
          <div className="toolbar">
            <h2 id="combined-heading">All families</h2>
            <fieldset className="segmented" aria-label="Chart">
              <button type="button" aria-pressed={stack === "total"} onClick={() => url.set({ chart: "total" })}>
                Total
              </button>
              <button type="button" aria-pressed={stack === "family"} onClick={() => url.set({ chart: "family" })}>
                By family
              </button>
            </fieldset>
          </div>
          <CombinedChart
            name={repository.name}
            points={overview.combined}
            families={overview.families.map((family) => ({ family: family.family, name: family.name }))}
            stack={stack}
          />
          <p className="muted">
            One point a week: each family&apos;s count at that moment (its latest scan before it), summed; the dashed step is the sum of the
            targets in force.
          </p>
        </section>
      ) : null}

      <MovedPanel moved={overview.moved} />
    </>
  );
}
