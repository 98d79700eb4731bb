import { unauthorized } from "@/lib/api/response";
import type { Db } from "@/lib/db/client";
import { getProjectShareKey } from "@/lib/queries";
import { canReadShared, readsArePrivate } from "./read-access";

/**
 * For the shared routes (badge, OG image): null when the request may read project `slug`, else
 * the one 401 body. Public instances never touch the database here.
 */
export async function sharedReadDenied(db: Db, request: Request, slug: string): Promise<Response | null> {
  if (!readsArePrivate()) return null;
  const shareKey = await getProjectShareKey(db, slug);
  if (canReadShared(request, { shareKey })) return null;
  return unauthorized("this Converge instance is private: add the project's share key as ?key=");
}
