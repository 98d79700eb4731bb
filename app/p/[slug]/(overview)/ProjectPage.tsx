"use client";

import Link from "next/link";
import { ChartPngButton } from "@/components/charts/ChartPngButton";
import { ProgressChart } from "@/components/metrics/LazyProgressChart";
import { StatusBadge } from "@/components/common/StatusBadge";
import { useCompareQuery } from "@/components/hooks/queries/useCompareQuery";
import { useProjectChecksQuery, type ProjectChecks } from "@/components/hooks/queries/useProjectChecksQuery";
import { useProjectViewQuery } from "@/components/hooks/queries/useProjectViewQuery";
import { useScanQuery } from "@/components/hooks/queries/useScanQuery";
import { useUrlState } from "@/components/hooks/useUrlState";
import { emptyRangeNotice, RANGE_WORDS } from "@/components/charts/empty-range";
import { DiffLists } from "@/components/metrics/DiffLists";
import { ForecastChecksGrid } from "@/components/metrics/ForecastChecksGrid";
import { MembersTable } from "@/components/metrics/MembersTable";
import { MetricCard } from "@/components/metrics/MetricCard";
import { UsagesChart } from "@/components/metrics/LazyUsagesChart";
import { usagesLabel } from "@/components/metrics/Usage";
import { WhyThisNumber } from "@/components/metrics/WhyThisNumber";
import { memberFilterFromSearch, type MemberFilter } from "@/lib/analytics/members";
import { etaLabel } from "@/lib/analytics/forecast";
import { GRANULARITIES, RANGE_PRESETS, STACKS, timelineParamsFromSearch } from "@/lib/analytics/view-params";
import { formatCount } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { apiPath, compareHref, reportHref, scanHref } from "@/lib/links";
import type { ProjectView, ScanComparison, ScanDetail } from "@/lib/contract/responses";

export interface ProjectPageProps {
  slug: string;
  initialView: ProjectView;
  initialChecks: ProjectChecks;
  initialSinceLastWeek: ScanComparison | null;
  initialLatestScan: ScanDetail | null;
}

/** "40 last week · 0 by Mar 3" style detail under the usages number; nothing for scans that did not measure them. */
function usagesDetail(now: number | null | undefined, weekAgo: number | null | undefined, forecast: ProjectView["usagesForecast"]) {
  if (now === null || now === undefined) return undefined;
  const parts = [weekAgo === null || weekAgo === undefined ? null : `${weekAgo.toLocaleString("en-US")} a week before`];
  if (forecast.state === "forecast" && forecast.eta) parts.push(`0 by ${forecast.eta.slice(0, 10)}${forecast.overdue ? " (overdue)" : ""}`);
  return parts.filter((part) => part !== null).join(" · ") || "on non-primary members";
}

const URL_DEFAULTS = { range: "all", granularity: "scan", stack: "classification", sort: "classification", dir: "asc" };
const GRANULARITY_LABELS = { scan: "Every scan", day: "Daily", week: "Weekly", month: "Monthly" } as const;

export function ProjectPage({ slug, initialView, initialChecks, initialSinceLastWeek, initialLatestScan }: ProjectPageProps) {
  const url = useUrlState(URL_DEFAULTS);
  const params = timelineParamsFromSearch({ range: url.get("range"), granularity: url.get("granularity"), stack: url.get("stack") });
  const filter: MemberFilter = memberFilterFromSearch((key) => url.get(key) || undefined);

  const sameView =
    params.range === initialView.params.range &&
    params.granularity === initialView.params.granularity &&
    params.stack === initialView.params.stack;
  const viewQuery = useProjectViewQuery(slug, params, sameView ? initialView : undefined);
  const view = viewQuery.data ?? initialView;
  const latestSha = view.latest?.sha ?? null;
  const checks = useProjectChecksQuery(slug, latestSha, initialChecks).data ?? initialChecks;
  const since = useCompareQuery(slug, null, latestSha, initialSinceLastWeek).data ?? initialSinceLastWeek;
  const latestScan = useScanQuery(slug, latestSha, initialLatestScan).data ?? initialLatestScan;

  const latest = view.latest;
  const delta = latest && view.weekAgo && view.weekAgo.sha !== latest.sha ? latest.counted - view.weekAgo.counted : null;
  const usagesDelta =
    latest && view.weekAgo && view.weekAgo.sha !== latest.sha && latest.legacyUsages != null && view.weekAgo.legacyUsages != null
      ? latest.legacyUsages - view.weekAgo.legacyUsages
      : null;
  const finalTarget = view.plan?.target ?? latest?.finalTarget ?? 0;
  const unit = latest?.countUnit ?? view.plan?.count ?? "names";
  const notice = emptyRangeNotice(params.range, view.scansInRange, latest?.date ?? null, Date.parse(view.generatedAt));

  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            {view.project.name} <StatusBadge status={view.status} stale={view.stale} detail={view.statusDetail} showDetail />
          </h1>
          {latest ? (
            <p className="headline" data-testid="headline-count">
              {formatCount({ names: latest.names, members: latest.definitions }, unit)}
            </p>
          ) : null}
          <p className="muted mono">
            {view.project.slug}
            {view.plan ? ` · pattern /${view.plan.pattern}/` : ""}
            {view.plan?.primary ? ` · primary ${view.plan.primary}` : ""}
          </p>
        </div>
        <nav className="actions" aria-label="Project actions">
          {since ? <Link href={compareHref(slug, since.from.commit.sha, since.to.commit.sha)}>Compare since last week</Link> : null}
          <a href={apiPath.timeline(slug, { range: params.range, granularity: params.granularity, format: "csv" })}>Timeline CSV</a>
          <a href={apiPath.timeline(slug, { range: params.range, granularity: params.granularity })}>JSON</a>
          <a href={apiPath.members(slug, { format: "csv" })}>Members CSV</a>
          <ChartPngButton targetId="progress-chart" filename={`${slug}-progress.png`} />
          {latest ? <Link href={reportHref(slug)}>Weekly report</Link> : null}
        </nav>
      </div>

      {latest ? (
        <>
          <section className="metrics" aria-label="Latest scan">
            <MetricCard label="Count / target" value={`${latest.counted} / ${finalTarget}`} detail={`in ${unit}`} testId="metric-count" />
            <MetricCard
              label="Since last week"
              value={delta === null ? "–" : delta > 0 ? `+${delta}` : String(delta)}
              tone={delta === null ? undefined : delta < 0 ? "good" : delta > 0 ? "bad" : undefined}
              detail={view.weekAgo && delta !== null ? `from ${view.weekAgo.counted} on ${formatDate(view.weekAgo.date)}` : undefined}
              testId="metric-delta"
            />
            <MetricCard
              label="Names"
              value={latest.names}
              detail={`${latest.definitions} definitions · ${(unit === "names" ? latest.names : latest.definitions) - latest.counted} not counted`}
              testId="metric-members"
            />
            <MetricCard label="Forecast" value={etaLabel(view.forecast) ?? "–"} testId="metric-eta" />
            <MetricCard
              label="Legacy usages"
              value={usagesLabel(latest.legacyUsages)}
              detail={usagesDetail(latest.legacyUsages, view.weekAgo?.legacyUsages, view.usagesForecast)}
              tone={usagesDelta === null ? undefined : usagesDelta < 0 ? "good" : usagesDelta > 0 ? "bad" : undefined}
              testId="metric-usages"
            />
            <MetricCard
              label="Checks failing"
              value={latest.checksFailed}
              tone={latest.checksFailed === 0 ? "good" : "bad"}
              testId="metric-checks-failing"
            />
            <MetricCard
              label="Latest scan"
              value={<Link href={scanHref(slug, latest.sha)}>{shortSha(latest.sha)}</Link>}
              detail={formatDate(latest.date)}
              testId="metric-commit"
            />
          </section>

          <section className="panel" aria-label="Progress chart" id="progress-chart">
            <div className="toolbar">
              <fieldset className="segmented" aria-label="Range">
                {RANGE_PRESETS.map((preset) => (
                  <button key={preset} type="button" aria-pressed={params.range === preset} onClick={() => url.set({ range: preset })}>
                    {preset === "all" ? "All" : preset}
                  </button>
                ))}
              </fieldset>
              <label>
                Granularity{" "}
                <select value={params.granularity} onChange={(event) => url.set({ granularity: event.target.value })}>
                  {GRANULARITIES.map((granularity) => (
                    <option key={granularity} value={granularity}>
                      {GRANULARITY_LABELS[granularity]}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset className="segmented" aria-label="Stack by">
                {STACKS.map((stack) => (
                  <button key={stack} type="button" aria-pressed={params.stack === stack} onClick={() => url.set({ stack })}>
                    By {stack}
                  </button>
                ))}
              </fieldset>
              {notice ? null : (
                <span className="muted" data-testid="scan-count">
                  {view.points.length} of {view.scansInRange} scan{view.scansInRange === 1 ? "" : "s"} shown
                </span>
              )}
            </div>
            {notice ? (
              <div className="empty-range" role="status" data-testid="empty-range">
                <p>{notice.message}</p>
                <button type="button" className="link-button" onClick={() => url.set({ range: notice.range })}>
                  Show {RANGE_WORDS[notice.range]}
                </button>
              </div>
            ) : (
              <>
                <ProgressChart
                  slug={slug}
                  name={view.project.name}
                  points={view.points}
                  plan={view.plan}
                  forecast={view.forecast}
                  stack={params.stack}
                />
                <p className="muted">
                  The areas stack the members that count toward the target ({unit}); the dashed purple step is the target in force (the next
                  phase&apos;s target, changing at each due date); hollow orange points are incomplete scans (files skipped or failed).
                  Click a point to open that scan.
                </p>
              </>
            )}
          </section>

          <section className="panel" aria-labelledby="usages-heading" data-testid="usages-panel">
            <h2 id="usages-heading">Usages still on non-primary members</h2>
            {view.points.some((point) => point.legacyUsages !== null && point.legacyUsages !== undefined) ? (
              <>
                <UsagesChart slug={slug} name={view.project.name} points={view.points} forecast={view.usagesForecast} />
                <p className="muted">
                  Imports and references of counted members other than the primary, outside their own files: the work between the
                  count&apos;s steps. The dashed line is this series&apos; own forecast to 0; gaps are scans that did not measure usages.
                </p>
              </>
            ) : (
              <p className="muted" data-testid="usages-not-measured">
                Not measured: the scans in this range come from a scanner that did not measure usages.
              </p>
            )}
          </section>

          {latestScan ? <WhyThisNumber repoUrl={view.project.repoUrl} scan={latestScan} /> : null}

          <ForecastChecksGrid forecast={view.forecast} verdicts={view.verdicts} target={finalTarget} checks={checks.checks} />

          {since ? (
            <section className="panel" aria-labelledby="since-heading">
              <h2 id="since-heading">
                Since last week{" "}
                <span className="muted">
                  ({shortSha(since.from.commit.sha)} {formatDate(since.from.commit.date)} → {shortSha(since.to.commit.sha)}{" "}
                  {formatDate(since.to.commit.date)})
                </span>
              </h2>
              <DiffLists slug={slug} diff={since.diff} />
            </section>
          ) : null}

          {latestScan ? (
            <section className="panel" aria-labelledby="members-heading">
              <h2 id="members-heading">Current members</h2>
              <MembersTable
                slug={slug}
                repoUrl={view.project.repoUrl}
                scan={latestScan}
                filter={filter}
                onFilterChange={(changes) => url.set(changes)}
              />
            </section>
          ) : null}
        </>
      ) : (
        <section className="panel empty" data-testid="empty-project">
          <h2>No scans yet</h2>
          <p>Post the first one from a checkout of the repository:</p>
          <pre className="snippet">{`npx converge scan . --format json > inventory.json
curl -X POST "$CONVERGE_URL${apiPath.projectScans(slug)}" \\
  -H "Authorization: Bearer $CONVERGE_TOKEN" \\
  -H "Content-Type: application/json" --data @inventory.json`}</pre>
        </section>
      )}
    </>
  );
}
