import { getDb, type Db } from "@/lib/db/client";
import { getProject } from "@/lib/queries";
import { notFound } from "./response";

export type ReadProject = NonNullable<Awaited<ReturnType<typeof getProject>>>;

/** Every project read route starts here: the project or the one 404 body. */
export async function findProject(slug: string): Promise<{ ok: true; db: Db; project: ReadProject } | { ok: false; response: Response }> {
  const db = getDb();
  const project = await getProject(db, slug);
  if (!project) return { ok: false, response: notFound(`no project "${slug}"`) };
  return { ok: true, db, project };
}
