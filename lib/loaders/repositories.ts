/**
 * Repository page loaders (see index.ts): request-cached reads through lib/queries, never handing the
 * store's client to app/.
 */
import { cache } from "react";
import { unauthorized } from "@/lib/api/response";
import { readCredential, readsArePrivate } from "@/lib/auth/read-access";
import type { SharedReadAccess } from "@/lib/auth/share";
import { secretMatches } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db/client";
import {
  getProjectFamily,
  getRepository,
  getRepositoryCards,
  getRepositoryHeadline,
  getRepositoryOverview,
  getRepositoryReport,
  getRepositoryShareKey,
  type LoadedRepository,
} from "@/lib/queries/repositories";

export type { LoadedRepository };

/** The repository by slug, or null: one query per request however many callers ask. */
export const loadRepository = cache((slug: string) => getRepository(getDb(), slug));

/** The overview, once per request (metadata and page share it). */
export const loadRepositoryOverview = cache(async (slug: string) => {
  const repository = await loadRepository(slug);
  return repository ? getRepositoryOverview(getDb(), repository) : null;
});

/** Every repository with its family projects: the home page groups the project cards by them. */
export function loadRepositoryCards() {
  return getRepositoryCards(getDb());
}

/** The weekly report for `at`/`since`, shared by the report page and its metadata. */
export const loadRepositoryReport = cache(async (slug: string, at: string | undefined, since: string | undefined) => {
  const repository = await loadRepository(slug);
  return repository ? getRepositoryReport(getDb(), repository, { at, since }) : null;
});

/** The badge's and the preview's numbers; `until` pins them to a report's moment. */
export function loadRepositoryHeadline(repository: LoadedRepository, until?: Date) {
  return getRepositoryHeadline(getDb(), repository, until ? { until } : {});
}

/** The repository a project is a family of (its pages link back and show the tracking issue), or null. */
export const loadProjectFamily = cache((projectSlug: string) => getProjectFamily(getDb(), projectSlug));

/**
 * The repository's badge and preview image on a private instance: the repository's share key in `?key=`,
 * else the read token, else the one 401 body (the same rule as a project's: lib/auth/share.ts).
 */
export async function repositorySharedAccess(request: Request, slug: string): Promise<SharedReadAccess> {
  if (!readsArePrivate()) return { ok: true, via: "public" };
  const key = new URL(request.url).searchParams.get("key");
  if (key !== null) {
    const shareKey = await getRepositoryShareKey(getDb(), slug);
    if (shareKey !== null && secretMatches(key, shareKey)) return { ok: true, via: "share-key" };
  }
  if (readCredential(request) === "granted") return { ok: true, via: "read-token" };
  return { ok: false, response: unauthorized("this Converge instance is private: add the repository's share key as ?key=") };
}
