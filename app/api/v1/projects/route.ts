import { route } from "@/lib/api/handler";
import { json } from "@/lib/api/response";
import { getDb } from "@/lib/db/client";
import { getProjects } from "@/lib/queries";

export const dynamic = "force-dynamic";

export const GET = route(async () => json({ projects: await getProjects(getDb()) }));
