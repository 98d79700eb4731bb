"use client";

import Link from "next/link";
import { Sparkline } from "@/components/charts/Sparkline";
import { StatusBadge } from "@/components/common/StatusBadge";
import { useProjectsQuery } from "@/components/hooks/queries/useProjectsQuery";
import { formatCount } from "@/lib/contract/vocabulary";
import { formatDate, shortSha } from "@/lib/format";
import { apiPath, projectHref, repositoryHref, scanHref } from "@/lib/links";
import type { RepositoryCard } from "@/lib/contract/repository";
import type { ProjectCard } from "@/lib/contract/responses";

export function ProjectsPage({ initialProjects, repositories }: { initialProjects: ProjectCard[]; repositories: RepositoryCard[] }) {
  const projects = useProjectsQuery(initialProjects).data ?? initialProjects;
  const bySlug = new Map(projects.map((project) => [project.slug, project]));
  const grouped = new Set(repositories.flatMap((repository) => repository.projects));
  const standalone = projects.filter((project) => !grouped.has(project.slug));
  return (
    <>
      <div className="page-head">
        <h1>Projects</h1>
        <nav className="actions" aria-label="Export">
          <a href={apiPath.projects({ format: "csv" })}>CSV</a>
          <a href={apiPath.projects()}>JSON</a>
        </nav>
      </div>
      {projects.length === 0 ? (
        <section className="panel empty">
          <p>No projects yet. Create one and post its first scan:</p>
          <pre className="snippet">npx converge project create my-family --name &quot;Engine consolidation&quot;</pre>
        </section>
      ) : (
        <>
          {repositories.map((repository) => (
            <section
              key={repository.repository.slug}
              className="repository-group"
              aria-labelledby={`repository-${repository.repository.slug}`}
              data-testid="repository-group"
              data-repository={repository.repository.slug}
            >
              <h2 id={`repository-${repository.repository.slug}`} className="wrap-anywhere">
                <Link href={repositoryHref(repository.repository.slug)}>{repository.repository.name}</Link>{" "}
                <span className="muted">{repository.summary.headline}</span>
              </h2>
              <ProjectsTable projects={repository.projects.flatMap((slug) => bySlug.get(slug) ?? [])} testId="repository-projects" />
            </section>
          ))}
          {standalone.length > 0 ? (
            <>
              {repositories.length > 0 ? <h2>Standalone projects</h2> : null}
              <ProjectsTable projects={standalone} testId="projects-table" />
            </>
          ) : null}
        </>
      )}
    </>
  );
}

function ProjectsTable({ projects, testId }: { projects: ProjectCard[]; testId: string }) {
  return (
    <div className="table-scroll">
      <table className="data projects-table" data-testid={testId}>
        {/* One column plan for every group, so the repositories' tables line up under each other. */}
        <colgroup>
          <col className="col-project" />
          <col className="col-status" />
          <col className="col-count" />
          <col className="col-spark" />
          <col className="col-delta" />
          <col className="col-phase" />
          <col className="col-scan" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Count / target
            </th>
            <th scope="col">Last 12 weeks</th>
            <th scope="col" className="num">
              7 days
            </th>
            <th scope="col">Next phase</th>
            <th scope="col">Last scan</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => {
            const latest = project.latest;
            const delta = latest && project.weekAgo && project.weekAgo.sha !== latest.sha ? latest.counted - project.weekAgo.counted : null;
            return (
              <tr key={project.slug} data-project={project.slug}>
                <td>
                  <Link href={projectHref(project.slug)}>{project.name}</Link>
                  <div className="muted mono">{project.slug}</div>
                </td>
                <td>
                  <StatusBadge status={project.status} stale={project.stale} detail={project.statusDetail} showDetail />
                </td>
                <td className="num" data-testid="project-count">
                  {latest ? (
                    <>
                      {`${latest.counted} / ${latest.finalTarget}`}
                      <div className="muted" data-testid="project-units">
                        {formatCount({ names: latest.names, members: latest.definitions }, latest.countUnit)}
                      </div>
                    </>
                  ) : (
                    "no scans"
                  )}
                </td>
                <td>
                  <Sparkline values={project.sparkline.map((point) => point.counted)} label={`Count trend for ${project.name}`} />
                </td>
                <td className={`num ${delta === null ? "" : delta < 0 ? "status-good" : delta > 0 ? "status-bad" : ""}`}>
                  {delta === null ? "–" : delta > 0 ? `+${delta}` : delta}
                </td>
                <td>
                  {project.nextPhase ? (
                    <>
                      {project.nextPhase.name} <span className="muted">due {project.nextPhase.due}</span>
                    </>
                  ) : (
                    "–"
                  )}
                </td>
                <td>
                  {latest ? (
                    <>
                      {formatDate(latest.date)}{" "}
                      <Link className="mono" href={scanHref(project.slug, latest.sha)}>
                        {shortSha(latest.sha)}
                      </Link>
                    </>
                  ) : (
                    "–"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
