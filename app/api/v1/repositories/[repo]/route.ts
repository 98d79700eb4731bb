import { z } from "zod";
import { parseQuery, route } from "@/lib/api/handler";
import { notFound, respond } from "@/lib/api/response";
import { RepositoryOverviewSchema } from "@/lib/contract/repository";
import { getDb } from "@/lib/loaders/store";
import { getRepository, getRepositoryOverview } from "@/lib/queries/repositories";

export const dynamic = "force-dynamic";

const Params = z.strictObject({});

/** The overview: every family as a row, the combined chart and what moved this week. */
export const GET = route<{ repo: string }>(async (request, { repo }) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  const db = getDb();
  const repository = await getRepository(db, repo);
  if (!repository) return notFound(`no repository "${repo}"`);
  return respond(RepositoryOverviewSchema, await getRepositoryOverview(db, repository));
});
