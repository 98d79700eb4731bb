/**
 * Every page URL and every `/api/v1/…` path, in one place, so links, permalinks, fetches and the CLI agree.
 * Paths are relative to the origin; the CLI prefixes its server URL.
 */
import { isPlainRelativePath } from "@/lib/contract/paths";

/** Query values in order; `undefined` and `null` leave the parameter out. */
export type Query = Record<string, string | number | undefined | null> | URLSearchParams;

function withQuery(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  const entries = query instanceof URLSearchParams ? query.entries() : Object.entries(query);
  for (const [name, value] of entries) {
    if (value !== undefined && value !== null) search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Engine keys hold `/` (module path) and `::`: the whole key is one path segment (`/` as `%2F`), so no
 * part of it can be a `.` or `..` segment that the browser resolves away before the request is sent.
 */
function engineKeyPath(key: string): string {
  return encodeURIComponent(key);
}

export function projectHref(slug: string): string {
  return `/p/${encodeURIComponent(slug)}`;
}

export function scanHref(slug: string, sha: string): string {
  return `${projectHref(slug)}/scans/${sha}`;
}

/** What encodeURIComponent leaves as it is, plus `%`: a segment made only of these may still be encoded. */
const ENCODED_FORM = /^[A-Za-z0-9\-_.!~*'()%]*$/;

/**
 * The member key back from the `[...key]` segments of its page or API route. Next.js 16 is not consistent:
 * a page gets them percent-encoded while generateMetadata and route handlers get them decoded
 * (vercel/next.js#95343). A segment holding any character encodeURIComponent would have escaped (a key's
 * `::` for one) is decoded already and kept; one in the encoded form is decoded, so a key may hold `%`.
 * Several segments (links from before keys were one segment) are joined with `/`.
 */
export function engineKeyFromSegments(segments: readonly string[]): string {
  return segments.map(decodedSegment).join("/");
}

function decodedSegment(segment: string): string {
  if (!ENCODED_FORM.test(segment)) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a lone `%`: already decoded
  }
}

export function engineHref(slug: string, key: string): string {
  return `${projectHref(slug)}/engines/${engineKeyPath(key)}`;
}

export function compareHref(slug: string, from: string, to: string): string {
  return `${projectHref(slug)}/compare?${new URLSearchParams({ from, to })}`;
}

/** The weekly report; with `at` and `since` SHAs it is the permalink. */
export function reportHref(slug: string, refs: { at?: string; since?: string } = {}): string {
  return withQuery(`${projectHref(slug)}/report`, refs);
}

/** The link-preview image: `at` pins a report's numbers, `engine` names a member. */
export function ogImageHref(slug: string, query: { at?: string; engine?: string } = {}): string {
  return withQuery(`${projectHref(slug)}/og.png`, query);
}

export function badgeHref(slug: string, query: Query = {}): string {
  return withQuery(`${projectHref(slug)}/badge.svg`, query);
}

/**
 * file:line at a commit, from the project's link template ({commit}, {file}, {line}). No link for a path with
 * `.`, `..` or empty segments (stored before the contract refused them): `../../other/repo/x.py` would
 * resolve to another repository.
 */
export function fileLink(template: string | null, commit: string, file: string, line: number): string | null {
  if (!template || !isPlainRelativePath(file)) return null;
  return template
    .replaceAll("{commit}", encodeURIComponent(commit))
    .replaceAll("{file}", file.split("/").map(encodeURIComponent).join("/"))
    .replaceAll("{line}", String(line));
}

const API = "/api/v1/projects";

/** The JSON/CSV API's paths (see the README's HTTP API table). */
export const apiPath = {
  projects: (query?: Query) => withQuery(API, query),
  project: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}`, query),
  projectScans: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}/scans`, query),
  scan: (slug: string, sha: string, query?: Query) =>
    withQuery(`${API}/${encodeURIComponent(slug)}/scans/${encodeURIComponent(sha)}`, query),
  timeline: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}/timeline`, query),
  checks: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}/checks`, query),
  members: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}/members`, query),
  compare: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}/compare`, query),
  engine: (slug: string, key: string, query?: Query) =>
    withQuery(`${API}/${encodeURIComponent(slug)}/engines/${engineKeyPath(key)}`, query),
  report: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}/report`, query),
  annotations: (slug: string, query?: Query) => withQuery(`${API}/${encodeURIComponent(slug)}/annotations`, query),
  annotation: (slug: string, id: string | number) => `${API}/${encodeURIComponent(slug)}/annotations/${encodeURIComponent(String(id))}`,
} as const;

/** A repository's overview (`/r/{repo}`); its view state (sort, filter) rides in the query. */
export function repositoryHref(slug: string, query: Query = {}): string {
  return withQuery(`/r/${encodeURIComponent(slug)}`, query);
}

/** The repository's weekly report; with `at` it is the permalink. */
export function repositoryReportHref(slug: string, refs: { at?: string; since?: string } = {}): string {
  return withQuery(`/r/${encodeURIComponent(slug)}/report`, refs);
}

export function repositoryBadgeHref(slug: string, query: Query = {}): string {
  return withQuery(`/r/${encodeURIComponent(slug)}/badge.svg`, query);
}

export function repositoryOgImageHref(slug: string, query: { at?: string } = {}): string {
  return withQuery(`/r/${encodeURIComponent(slug)}/og.png`, query);
}

const REPOSITORIES_API = "/api/v1/repositories";

/** The repositories' read API. */
export const repositoryApiPath = {
  list: (query?: Query) => withQuery(REPOSITORIES_API, query),
  overview: (slug: string, query?: Query) => withQuery(`${REPOSITORIES_API}/${encodeURIComponent(slug)}`, query),
  report: (slug: string, query?: Query) => withQuery(`${REPOSITORIES_API}/${encodeURIComponent(slug)}/report`, query),
} as const;
