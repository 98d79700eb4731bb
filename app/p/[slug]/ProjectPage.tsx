"use client";

import { useProjectTimelineQuery } from "@/components/hooks/queries/useProjectTimelineQuery";
import { MetricCard } from "@/components/metrics/MetricCard";
import { CountTargetChart } from "@/components/metrics/CountTargetChart";
import { formatDate, shortSha } from "@/lib/format";
import type { ProjectTimeline } from "@/lib/queries/types";

export function ProjectPage({ slug, initialTimeline }: { slug: string; initialTimeline: ProjectTimeline }) {
  const { data } = useProjectTimelineQuery(slug, initialTimeline);
  const timeline = data ?? initialTimeline;
  const latest = timeline.points.at(-1);

  return (
    <>
      <h1>{timeline.project.name}</h1>
      <p className="muted mono">{timeline.project.slug}</p>
      {latest ? (
        <>
          <section className="metrics" aria-label="Latest scan">
            <MetricCard label="Count" value={latest.counted} testId="metric-count" />
            <MetricCard label="Target" value={latest.target} testId="metric-target" />
            <MetricCard label="Members" value={latest.members} testId="metric-members" />
            <MetricCard
              label="Checks failing"
              value={latest.checksFailed}
              tone={latest.checksFailed === 0 ? "good" : "bad"}
              testId="metric-checks-failing"
            />
            <MetricCard label="Latest scan" value={shortSha(latest.sha)} detail={formatDate(latest.date)} testId="metric-commit" />
          </section>
          <section className="panel">
            <CountTargetChart points={timeline.points} label={`Count toward target over time for ${timeline.project.name}`} />
          </section>
          <p className="muted" data-testid="scan-count">
            {timeline.points.length} scan{timeline.points.length === 1 ? "" : "s"}
          </p>
        </>
      ) : (
        <section className="panel empty">
          <p>No scans yet. Post the first one from a checkout of the repository:</p>
          <pre className="snippet">{`npx converge scan . --format json > inventory.json
curl -X POST "$CONVERGE_URL/api/v1/projects/${slug}/scans" \\
  -H "Authorization: Bearer $CONVERGE_TOKEN" \\
  -H "Content-Type: application/json" --data @inventory.json`}</pre>
        </section>
      )}
    </>
  );
}
