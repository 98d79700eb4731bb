import { route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { respond } from "@/lib/api/response";
import { ProjectResponseSchema } from "@/lib/contract/responses";
import { getProjectHeadline, getProjectScans } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ slug: string }>(async (_request, { slug }) => {
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const { db, project } = found;
  const [[latest], headline] = await Promise.all([getProjectScans(db, project.id, { limit: 1 }), getProjectHeadline(db, project.id)]);
  return respond(ProjectResponseSchema, {
    project: { slug: project.slug, name: project.name, repoUrl: project.repoUrl, createdAt: project.createdAt.toISOString() },
    status: headline.status,
    stale: headline.stale,
    statusDetail: headline.statusDetail,
    latestScan: latest ?? null,
  });
});
