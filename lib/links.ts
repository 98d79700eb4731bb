/** Page URLs, in one place so every link and permalink agrees. */

export function projectHref(slug: string): string {
  return `/p/${encodeURIComponent(slug)}`;
}

export function scanHref(slug: string, sha: string): string {
  return `${projectHref(slug)}/scans/${sha}`;
}

/** Engine keys hold `/` (module path) and `::`; each path segment is encoded on its own. */
export function engineHref(slug: string, key: string): string {
  return `${projectHref(slug)}/engines/${key.split("/").map(encodeURIComponent).join("/")}`;
}

export function compareHref(slug: string, from: string, to: string): string {
  return `${projectHref(slug)}/compare?${new URLSearchParams({ from, to })}`;
}

/** file:line at a commit, from the project's link template ({commit}, {file}, {line}). */
export function fileLink(template: string | null, commit: string, file: string, line: number): string | null {
  if (!template) return null;
  return template
    .replaceAll("{commit}", encodeURIComponent(commit))
    .replaceAll("{file}", file.split("/").map(encodeURIComponent).join("/"))
    .replaceAll("{line}", String(line));
}
