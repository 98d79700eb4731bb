import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { formatDate, shortSha } from "@/lib/format";
import { getProjects } from "@/lib/queries";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const projects = await getProjects(getDb());
  return (
    <>
      <h1>Projects</h1>
      {projects.length === 0 ? (
        <section className="panel empty">
          <p>No projects yet. Create one and post its first scan:</p>
          <pre className="snippet">npx converge project create my-family --name &quot;Engine consolidation&quot;</pre>
        </section>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Count / target</th>
              <th scope="col">Checks failing</th>
              <th scope="col">Last scan</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((project) => {
              const latest = project.latestScan;
              return (
                <tr key={project.slug}>
                  <td>
                    <Link href={`/p/${encodeURIComponent(project.slug)}`}>{project.name}</Link>
                    <div className="muted mono">{project.slug}</div>
                  </td>
                  <td className={latest && latest.totals.counted <= latest.target ? "status-good" : undefined}>
                    {latest ? `${latest.totals.counted} / ${latest.target}` : "no scans"}
                  </td>
                  <td>{latest ? latest.checks.failed : "–"}</td>
                  <td>
                    {latest ? (
                      <>
                        {formatDate(latest.commit.date)} <span className="mono muted">{shortSha(latest.commit.sha)}</span>
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
      )}
    </>
  );
}
