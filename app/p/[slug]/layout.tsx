import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { loadProject } from "@/lib/loaders";

/**
 * The project check lives here, outside the pages' loading boundaries, so an unknown slug is a real
 * HTTP 404 for every project route rather than a streamed 200. loadProject is request-cached: the page
 * and its metadata reuse this query.
 */
export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!(await loadProject(slug))) notFound();
  return children;
}
