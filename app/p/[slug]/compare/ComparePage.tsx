"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useAnnotationsQuery } from "@/components/hooks/queries/useAnnotationsQuery";
import { AnnotationList } from "@/components/metrics/AnnotationList";
import { DiffLists } from "@/components/metrics/DiffLists";
import { TotalsTable } from "@/components/metrics/TotalsTable";
import { formatCount } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { apiPath, compareHref, projectHref, scanHref } from "@/lib/links";
import type { ScanComparison } from "@/lib/contract/responses";

export interface ComparePageProps {
  slug: string;
  projectName: string;
  requested: { from: string; to: string } | null;
  comparison: ScanComparison | null;
  scans: Array<{ sha: string; date: string; counted: number }>;
}

export function ComparePage({ slug, projectName, requested, comparison, scans }: ComparePageProps) {
  const router = useRouter();
  const [from, setFrom] = useState(comparison?.from.commit.sha ?? requested?.from ?? "");
  const [to, setTo] = useState(comparison?.to.commit.sha ?? requested?.to ?? "");
  // Events after the "from" scan, up to and including the "to" scan.
  const range = comparison ? [comparison.from.commit.date, comparison.to.commit.date].sort() : [];
  const events = (useAnnotationsQuery(slug, { since: range[0], until: range[1] }, comparison !== null).data ?? []).filter(
    (annotation) => annotation.date > (range[0] ?? ""),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (from && to) router.push(compareHref(slug, from, to));
  };
  const option = (scan: ComparePageProps["scans"][number]) => (
    <option key={scan.sha} value={scan.sha}>
      {formatDate(scan.date)} · {shortSha(scan.sha)} · {scan.counted}
    </option>
  );
  return (
    <>
      <p className="muted">
        <Link href={projectHref(slug)}>{projectName}</Link> / compare
      </p>
      <h1>Compare scans</h1>
      <form className="toolbar" onSubmit={submit} aria-label="Choose scans">
        <label>
          From{" "}
          <select value={from} onChange={(event) => setFrom(event.target.value)} name="from">
            {scans.map(option)}
          </select>
        </label>
        <label>
          To{" "}
          <select value={to} onChange={(event) => setTo(event.target.value)} name="to">
            {scans.map(option)}
          </select>
        </label>
        <button type="submit">Compare</button>
        <Link href={`${projectHref(slug)}/compare`}>Since last week</Link>
      </form>
      {comparison ? (
        <>
          <p data-testid="compare-range">
            <Link className="mono" href={scanHref(slug, comparison.from.commit.sha)}>
              {shortSha(comparison.from.commit.sha)}
            </Link>{" "}
            ({formatDate(comparison.from.commit.date)}) →{" "}
            <Link className="mono" href={scanHref(slug, comparison.to.commit.sha)}>
              {shortSha(comparison.to.commit.sha)}
            </Link>{" "}
            ({formatDate(comparison.to.commit.date)}) ·{" "}
            <a href={apiPath.compare(slug, { from: comparison.from.commit.sha, to: comparison.to.commit.sha, format: "csv" })}>CSV</a>
          </p>
          <p className="headline" data-testid="compare-headline">
            {formatCount(comparison.from.totals, comparison.from.countUnit)} → {formatCount(comparison.to.totals, comparison.to.countUnit)}
          </p>
          <section className="panel" aria-labelledby="events-heading">
            <h2 id="events-heading">Events in this range</h2>
            <AnnotationList
              slug={slug}
              annotations={events}
              empty="No merged pull request, plan change or note in this range."
              showMembers
            />
          </section>
          <section className="panel" aria-labelledby="changes-heading">
            <h2 id="changes-heading">Changes</h2>
            <DiffLists slug={slug} diff={comparison.diff} />
          </section>
          <section className="panel" aria-labelledby="totals-heading">
            <h2 id="totals-heading">Totals before and after</h2>
            <TotalsTable
              columns={[
                { label: shortSha(comparison.from.commit.sha), totals: comparison.from.totals, unit: comparison.from.countUnit },
                { label: shortSha(comparison.to.commit.sha), totals: comparison.to.totals, unit: comparison.to.countUnit },
              ]}
            />
          </section>
        </>
      ) : (
        <section className="panel empty" role="status">
          {requested ? `No scan matches ${requested.from} or ${requested.to} in this project.` : "This project has no scans yet."}
        </section>
      )}
    </>
  );
}
