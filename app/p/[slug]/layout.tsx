import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDb } from "@/lib/db/client";
import { getProject } from "@/lib/queries";

/**
 * The project check lives here, outside the pages' loading boundaries, so an unknown slug is a real
 * HTTP 404 for every project route rather than a streamed 200.
 */
export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  if (!(await getProject(getDb(), slug))) notFound();
  return children;
}
