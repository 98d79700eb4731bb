"use client";

import Link from "next/link";
import { Fragment } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { Chart } from "@/components/charts/Chart";
import { TIME_AXIS, countAxis } from "@/components/charts/series";
import { useAnnotationsQuery } from "@/components/hooks/queries/useAnnotationsQuery";
import { AnnotationList } from "@/components/metrics/AnnotationList";
import { Breakable, PathText } from "@/components/metrics/LongText";
import { UsageText, usagesLabel } from "@/components/metrics/Usage";
import type { TimelineAnnotation } from "@/lib/contract/annotations";
import { CLASSIFICATION_LABELS } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { apiPath, engineHref, fileLink, projectHref, scanHref } from "@/lib/links";
import type { EngineHistory } from "@/lib/contract/responses";

export interface EnginePageProps {
  slug: string;
  projectName: string;
  repoUrl: string | null;
  history: EngineHistory;
}

/** Member links separated by commas, so two names never run together. */
function MemberLinks({ slug, members, none }: { slug: string; members: Array<{ key: string; name: string }>; none: string }) {
  if (members.length === 0) return <span className="muted">{none}</span>;
  return (
    <>
      {members.map((member, index) => (
        <Fragment key={member.key}>
          {index > 0 ? ", " : null}
          <Link href={engineHref(slug, member.key)} title={member.key}>
            <Breakable text={member.name} />
          </Link>
        </Fragment>
      ))}
    </>
  );
}

/** Events that touched this member, and notes posted during its life. */
function memberEvents(annotations: readonly TimelineAnnotation[], history: EngineHistory): TimelineAnnotation[] {
  const start = Date.parse(history.firstSeen.date);
  const end = Date.parse((history.removedIn ?? history.lastSeen).date);
  return annotations.filter((annotation) => {
    if (annotation.members.some((member) => member.key === history.key)) return true;
    const time = Date.parse(annotation.date);
    return annotation.kind === "note" && time >= start && time <= end;
  });
}

/** The member's usages over time (files and sites outside its own file); gaps where a scan did not measure them. */
function EngineUsages({ history }: { history: EngineHistory }) {
  const rows = history.usages.map((usage) => ({ time: Date.parse(usage.date), files: usage.files, sites: usage.sites }));
  const measured = rows.filter((row) => row.sites !== null);
  return (
    <section className="panel" aria-labelledby="engine-usages-heading" data-testid="engine-usages">
      <h2 id="engine-usages-heading">
        Usages over time{" "}
        {history.removable ? (
          <span className="removable-badge" data-testid="engine-removable">
            no usages: removable
          </span>
        ) : null}
      </h2>
      {measured.length === 0 ? (
        <p className="muted" data-testid="engine-usages-not-measured">
          Not measured: no scan of this member measured its usages.
        </p>
      ) : (
        <Chart label={`Usages over time for ${history.name}`} height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis {...TIME_AXIS} domain={["dataMin", "dataMax"]} />
            <YAxis {...countAxis(Math.max(0, ...measured.map((row) => row.sites ?? 0)))} />
            <Tooltip
              labelFormatter={(value) => formatDate(Number(value))}
              contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            />
            <Line dataKey="sites" name="Sites" stroke="var(--accent)" isAnimationActive={false} connectNulls={false} />
            <Line dataKey="files" name="Files" stroke="var(--muted)" strokeDasharray="4 3" isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </Chart>
      )}
    </section>
  );
}

export function EnginePage({ slug, projectName, repoUrl, history }: EnginePageProps) {
  const latest = history.periods.at(-1)?.member;
  // A period's member is its first sighting; usages change within a period, so "now" is the last sighting's.
  const lastUsage = history.usages.at(-1);
  const usedByNow =
    lastUsage && lastUsage.files !== null && lastUsage.sites !== null ? { files: lastUsage.files, sites: lastUsage.sites } : undefined;
  const events = memberEvents(useAnnotationsQuery(slug).data ?? [], history);
  const locRows = history.periods.flatMap((period) => [
    { time: Date.parse(period.from.date), loc: period.member.loc },
    ...(period.to.sha === period.from.sha ? [] : [{ time: Date.parse(period.to.date), loc: period.member.loc }]),
  ]);
  return (
    <>
      <p className="muted">
        <Link href={projectHref(slug)}>{projectName}</Link> / member
      </p>
      <div className="page-head">
        <div>
          <h1>
            <Breakable text={history.name} />
          </h1>
          <p className="muted mono wrap-anywhere">
            <Breakable text={history.key} />
          </p>
        </div>
        <nav className="actions" aria-label="Export">
          <a href={apiPath.engine(slug, history.key, { format: "csv" })}>History CSV</a>
        </nav>
      </div>

      <section className="metrics" aria-label="Lifetime">
        <div className="metric panel" data-testid="engine-first-seen">
          <div className="metric-label">First seen</div>
          <div className="metric-value">{formatDate(history.firstSeen.date)}</div>
          <Link className="mono" href={scanHref(slug, history.firstSeen.sha)}>
            {shortSha(history.firstSeen.sha)}
          </Link>
        </div>
        <div className="metric panel" data-testid="engine-last-seen">
          <div className="metric-label">{history.removedIn ? "Removed in" : "Last seen"}</div>
          <div className={`metric-value${history.removedIn ? " status-good" : ""}`}>
            {formatDate((history.removedIn ?? history.lastSeen).date)}
          </div>
          <Link className="mono" href={scanHref(slug, (history.removedIn ?? history.lastSeen).sha)}>
            {shortSha((history.removedIn ?? history.lastSeen).sha)}
          </Link>
        </div>
        <div className="metric panel" data-testid="engine-usages-now">
          <div className="metric-label">Usages now</div>
          <div className="metric-value">{latest ? <UsageText member={{ ...latest, usedBy: usedByNow }} /> : "–"}</div>
          {usedByNow ? <div className="muted">{usagesLabel(usedByNow.sites)} sites outside its file</div> : null}
        </div>
        {latest ? (
          <div className="metric panel">
            <div className="metric-label">Class now</div>
            <div className="metric-value">{CLASSIFICATION_LABELS[latest.classification]}</div>
            <div className="muted">{latest.reason}</div>
          </div>
        ) : null}
      </section>

      <div className="grid-2">
        <section className="panel" aria-labelledby="loc-heading">
          <h2 id="loc-heading">Lines of code</h2>
          <Chart label={`Lines of code over time for ${history.name}`} height={220}>
            <LineChart data={locRows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis {...TIME_AXIS} domain={["dataMin", "dataMax"]} />
              <YAxis {...countAxis(Math.max(0, ...locRows.map((row) => row.loc)))} />
              <Tooltip
                labelFormatter={(value) => formatDate(Number(value))}
                contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
              />
              <Line dataKey="loc" name="LOC" stroke="var(--accent)" isAnimationActive={false} />
            </LineChart>
          </Chart>
        </section>
        <section className="panel" aria-labelledby="relations-heading">
          <h2 id="relations-heading">Relations</h2>
          <p data-testid="delegates-to">
            Delegates to: <MemberLinks slug={slug} members={history.delegatesTo} none="nothing in the family" />
          </p>
          <p data-testid="delegated-by">
            Delegated to by: <MemberLinks slug={slug} members={history.delegatedBy} none="no member" />
          </p>
          {history.movedFrom ? (
            <p>
              Moved from{" "}
              <Link href={engineHref(slug, history.movedFrom.key)} title={history.movedFrom.key}>
                <PathText path={history.movedFrom.key} max={60} className="" />
              </Link>{" "}
              in <span className="mono">{shortSha(history.movedFrom.commit.sha)}</span>
            </p>
          ) : null}
          {history.movedTo ? (
            <p data-testid="moved-to">
              Moved to{" "}
              <Link href={engineHref(slug, history.movedTo.key)} title={history.movedTo.key}>
                <PathText path={history.movedTo.key} max={60} className="" />
              </Link>{" "}
              in <span className="mono">{shortSha(history.movedTo.commit.sha)}</span>
            </p>
          ) : null}
          <h3>Checks involving it (latest scan)</h3>
          {history.checks.length > 0 ? (
            <ul className="diff-list">
              {history.checks.map((check) => (
                <li key={check.id} className={check.passed ? "status-good" : "status-bad"}>
                  {check.title}: {check.passed ? "passing" : "failing"}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None</p>
          )}
          <h3>Constructor signature changes</h3>
          {history.signatureChanges.length > 0 ? (
            <ul className="diff-list">
              {history.signatureChanges.map((change) => (
                <li key={change.commit.sha}>
                  {formatDate(change.commit.date)} <span className="mono">{shortSha(change.commit.sha)}</span>:{" "}
                  <code>
                    <Breakable text={change.from ?? "none"} />
                  </code>{" "}
                  →{" "}
                  <code>
                    <Breakable text={change.to ?? "none"} />
                  </code>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">None</p>
          )}
        </section>
      </div>

      <EngineUsages history={history} />

      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">Events</h2>
        <AnnotationList slug={slug} annotations={events} empty="No merged pull request, bulk change or note touches this member." />
      </section>

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <div className="table-scroll">
          <table className="data" data-testid="engine-timeline">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" className="num">
                  Scans
                </th>
                <th scope="col">Class</th>
                <th scope="col">Phase</th>
                <th scope="col">Location</th>
                <th scope="col" className="num">
                  LOC
                </th>
                <th scope="col">Constructor</th>
              </tr>
            </thead>
            <tbody>
              {[...history.periods].reverse().map(({ from, to, scans, member }) => {
                const href = fileLink(repoUrl, to.sha, member.file, member.line);
                return (
                  <tr key={from.sha}>
                    <td>
                      {formatDate(from.date)}{" "}
                      <Link className="mono" href={scanHref(slug, from.sha)}>
                        {shortSha(from.sha)}
                      </Link>
                    </td>
                    <td>
                      {formatDate(to.date)}{" "}
                      <Link className="mono" href={scanHref(slug, to.sha)}>
                        {shortSha(to.sha)}
                      </Link>
                    </td>
                    <td className="num">{scans}</td>
                    <td>{CLASSIFICATION_LABELS[member.classification]}</td>
                    <td>{member.phase ?? "–"}</td>
                    <td className="col-path">
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer">
                          <PathText path={`${member.file}:${member.line}`} max={52} />
                        </a>
                      ) : (
                        <PathText path={`${member.file}:${member.line}`} max={52} />
                      )}
                    </td>
                    <td className="num">{member.loc}</td>
                    <td className="col-code">
                      <code>
                        <Breakable text={member.constructor?.signature ?? "–"} />
                      </code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
