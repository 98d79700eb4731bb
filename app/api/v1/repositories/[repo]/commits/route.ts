import { route } from "@/lib/api/handler";
import { handleRepositoryCommitsGet } from "@/lib/api/repository-ingest";
import { getDb } from "@/lib/loaders/store";

export const dynamic = "force-dynamic";

export const GET = route<{ repo: string }>(async (_request, { repo }) => handleRepositoryCommitsGet(getDb(), repo));
