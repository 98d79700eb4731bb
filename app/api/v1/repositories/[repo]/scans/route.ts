import { route } from "@/lib/api/handler";
import { handleRepositoryScanPost } from "@/lib/api/repository-ingest";
import { getDb } from "@/lib/loaders/store";

export const dynamic = "force-dynamic";

export const POST = route<{ repo: string }>(async (request, { repo }) => handleRepositoryScanPost(getDb(), request, repo));
