import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { FamilyBar } from "@/components/repository/FamilyBar";
import { loadProject } from "@/lib/loaders";
import { loadProjectFamily } from "@/lib/loaders/repositories";

/**
 * The project check lives here, outside the pages' loading boundaries, so an unknown slug is a real
 * HTTP 404 for every project route rather than a streamed 200. loadProject is request-cached: the page
 * and its metadata reuse this query. A family's project shows its repository and tracking issue above every page.
 */
export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!(await loadProject(slug))) notFound();
  const family = await loadProjectFamily(slug);
  return (
    <>
      {family ? <FamilyBar repository={family.repository} issueUrl={family.issueUrl} /> : null}
      {children}
    </>
  );
}
