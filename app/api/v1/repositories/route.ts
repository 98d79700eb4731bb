import { z } from "zod";
import { parseQuery, route } from "@/lib/api/handler";
import { respond } from "@/lib/api/response";
import { RepositoryListResponseSchema } from "@/lib/contract/repository";
import { getDb } from "@/lib/loaders/store";
import { getRepositoryCards } from "@/lib/queries/repositories";

export const dynamic = "force-dynamic";

const Params = z.strictObject({});

/** Every repository with its summary and its families' project slugs. */
export const GET = route(async (request) => {
  const query = parseQuery(request, Params);
  if (!query.ok) return query.response;
  return respond(RepositoryListResponseSchema, { repositories: await getRepositoryCards(getDb()) });
});
