"use client";

import Link from "next/link";
import { useUrlState } from "@/components/hooks/useUrlState";
import { ChecksPanel } from "@/components/metrics/ChecksPanel";
import { PathText } from "@/components/metrics/LongText";
import { MembersTable } from "@/components/metrics/MembersTable";
import { TotalsTable } from "@/components/metrics/TotalsTable";
import { usagesLabel } from "@/components/metrics/Usage";
import { WhyThisNumber } from "@/components/metrics/WhyThisNumber";
import { memberFilterFromSearch, type MemberFilter } from "@/lib/analytics/members";
import { CHECK_TITLES, formatCount } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { apiPath, compareHref, projectHref, scanHref } from "@/lib/links";
import type { ScanDetail } from "@/lib/contract/responses";

export interface ScanPageProps {
  slug: string;
  projectName: string;
  repoUrl: string | null;
  scan: ScanDetail;
  previousSha: string | null;
  nextSha: string | null;
}

const URL_DEFAULTS = { sort: "classification", dir: "asc" };

export function ScanPage({ slug, projectName, repoUrl, scan, previousSha, nextSha }: ScanPageProps) {
  const url = useUrlState(URL_DEFAULTS);
  const filter: MemberFilter = memberFilterFromSearch((key) => url.get(key) || undefined);
  const issues = [
    ...scan.fileIssues.skipped.map((issue) => ({ ...issue, kind: "skipped" })),
    ...scan.fileIssues.failed.map((issue) => ({ ...issue, kind: "failed" })),
  ];
  return (
    <>
      <p className="muted">
        <Link href={projectHref(slug)}>{projectName}</Link> / scan
      </p>
      <div className="page-head">
        <div>
          <h1>
            Scan <span className="mono">{shortSha(scan.commit.sha)}</span>
          </h1>
          <p className="headline" data-testid="scan-headline">
            {formatCount(scan.totals, scan.countUnit)}
          </p>
          <p className="muted">
            {formatDate(scan.commit.date)}
            {scan.commit.branch ? ` · ${scan.commit.branch}` : ""} · {scan.scanner.name} {scan.scanner.version}
            {scan.commit.message ? ` · ${scan.commit.message}` : ""}
          </p>
          {!scan.complete ? (
            <p className="status-warn" data-testid="incomplete-note">
              Incomplete: {scan.files.skipped} skipped and {scan.files.failed} failed file(s).
            </p>
          ) : null}
        </div>
        <nav className="actions" aria-label="Scan navigation">
          {previousSha ? <Link href={scanHref(slug, previousSha)}>← Previous scan</Link> : null}
          {nextSha ? <Link href={scanHref(slug, nextSha)}>Next scan →</Link> : null}
          {previousSha ? <Link href={compareHref(slug, previousSha, scan.commit.sha)}>Compare with previous</Link> : null}
          <a href={apiPath.members(slug, { at: scan.commit.sha, format: "csv" })}>Members CSV</a>
          <a href={apiPath.scan(slug, scan.commit.sha)}>JSON</a>
        </nav>
      </div>

      <section className="metrics" aria-label="Scan totals">
        <div className="metric panel" data-testid="scan-count-target">
          <div className="metric-label">Count / target</div>
          <div className="metric-value">
            {scan.totals.counted} / {scan.target}
          </div>
          <div className="muted">in {scan.countUnit}</div>
        </div>
        <div className="metric panel">
          <div className="metric-label">Files scanned</div>
          <div className="metric-value">{scan.files.scanned}</div>
        </div>
        <div className="metric panel" data-testid="scan-legacy-usages">
          <div className="metric-label">Legacy usages</div>
          <div className="metric-value">{usagesLabel(scan.totals.legacyUsages)}</div>
          <div className="muted">on non-primary members</div>
        </div>
      </section>

      <WhyThisNumber repoUrl={repoUrl} scan={scan} />

      <div className="grid-2">
        <section className="panel" aria-labelledby="totals-heading">
          <h2 id="totals-heading">Totals</h2>
          <TotalsTable columns={[{ label: shortSha(scan.commit.sha), totals: scan.totals, unit: scan.countUnit }]} />
        </section>
        <section className="panel" aria-labelledby="checks-heading">
          <h2 id="checks-heading">Checks</h2>
          <ChecksPanel
            checks={scan.checkResults.map((check) => ({ ...check, title: CHECK_TITLES[check.id], since: null, sinceSha: null }))}
          />
        </section>
      </div>

      <section className="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <MembersTable slug={slug} repoUrl={repoUrl} scan={scan} filter={filter} onFilterChange={(changes) => url.set(changes)} />
      </section>

      {issues.length > 0 ? (
        <section className="panel" aria-labelledby="files-heading">
          <h2 id="files-heading">Skipped and failed files</h2>
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {issues.map((issue) => (
                  <tr key={`${issue.kind}:${issue.file}`}>
                    <td>
                      <PathText path={issue.file} max={72} />
                    </td>
                    <td>{issue.kind}</td>
                    <td>{issue.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
