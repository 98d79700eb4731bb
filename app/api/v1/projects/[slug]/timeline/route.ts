import { route } from "@/lib/api/handler";
import { json, notFound } from "@/lib/api/response";
import { getDb } from "@/lib/db/client";
import { getProject, getProjectTimeline } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ slug: string }>(async (_request, { slug }) => {
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) return notFound(`no project "${slug}"`);
  return json(await getProjectTimeline(db, project));
});
