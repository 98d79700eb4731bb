import { z } from "zod";
import { route } from "@/lib/api/handler";
import { sharedCacheHeaders } from "@/lib/auth/share";
import { loadRepository, loadRepositoryHeadline, repositorySharedAccess } from "@/lib/loaders/repositories";
import { renderBadge } from "@/lib/share/badge";
import { BADGE_PUBLIC_CACHE, svgResponse } from "@/lib/share/badge-response";
import { repositoryBadge } from "@/lib/share/repository";

export const dynamic = "force-dynamic";

/** A badge must always render: bad options fall back to defaults instead of failing. */
const Options = z.object({
  label: z.string().trim().min(1).max(64).optional().catch(undefined),
  style: z.enum(["flat", "flat-square"]).catch("flat"),
});

/** `ssot 4 consolidations · 2 on track`: the same headers, ETag and caching rules as a project's badge. */
export const GET = route<{ repo: string }>(async (request, { repo }) => {
  const search = new URL(request.url).searchParams;
  const options = Options.parse({ label: search.get("label") ?? undefined, style: search.get("style") ?? undefined });
  const access = await repositorySharedAccess(request, repo);
  if (!access.ok) return access.response;
  const caching = sharedCacheHeaders(access.via, BADGE_PUBLIC_CACHE);
  const repository = await loadRepository(repo);
  if (!repository) return svgResponse(request, renderBadge(repositoryBadge(null, options)), caching, 404);
  const { summary } = await loadRepositoryHeadline(repository);
  return svgResponse(request, renderBadge(repositoryBadge(summary, options)), caching);
});
