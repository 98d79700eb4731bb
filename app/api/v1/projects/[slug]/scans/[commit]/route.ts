import { route } from "@/lib/api/handler";
import { badRequest, json, notFound } from "@/lib/api/response";
import { getDb } from "@/lib/db/client";
import { getProject, getScanDetail } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ slug: string; commit: string }>(async (_request, { slug, commit }) => {
  if (!/^[0-9a-f]{7,64}$/.test(commit)) return badRequest("commit must be a hex SHA or a prefix of at least 7 characters");
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) return notFound(`no project "${slug}"`);
  const scan = await getScanDetail(db, project.id, commit);
  if (!scan) return notFound(`no scan of commit ${commit} in "${slug}"`);
  return json({ scan });
});
