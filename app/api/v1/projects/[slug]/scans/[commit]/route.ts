import { route } from "@/lib/api/handler";
import { findProject } from "@/lib/api/project";
import { badRequest, notFound, respond } from "@/lib/api/response";
import { ScanDetailResponseSchema } from "@/lib/contract/responses";
import { getScanDetail } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route<{ slug: string; commit: string }>(async (_request, { slug, commit }) => {
  if (!/^[0-9a-f]{7,64}$/.test(commit)) return badRequest("commit must be a hex SHA or a prefix of at least 7 characters");
  const found = await findProject(slug);
  if (!found.ok) return found.response;
  const scan = await getScanDetail(found.db, found.project.id, commit);
  if (!scan) return notFound(`no scan of commit ${commit} in "${slug}"`);
  return respond(ScanDetailResponseSchema, { scan });
});
