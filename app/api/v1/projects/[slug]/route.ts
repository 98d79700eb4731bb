import { route } from "@/lib/api/handler";
import { json, notFound } from "@/lib/api/response";
import { getDb } from "@/lib/db/client";
import { getProject, getProjectHeadline, getProjectScans } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ slug: string }>(async (_request, { slug }) => {
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) return notFound(`no project "${slug}"`);
  const [[latest], headline] = await Promise.all([getProjectScans(db, project.id, { limit: 1 }), getProjectHeadline(db, project.id)]);
  return json({
    project: { slug: project.slug, name: project.name, repoUrl: project.repoUrl, createdAt: project.createdAt.toISOString() },
    status: headline.status,
    stale: headline.stale,
    statusDetail: headline.statusDetail,
    latestScan: latest ?? null,
  });
});
