import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { loadRepository } from "@/lib/loaders/repositories";

/** An unknown repository is a real HTTP 404 for every page under it (loadRepository is request-cached). */
export default async function RepositoryLayout({ children, params }: { children: ReactNode; params: Promise<{ repo: string }> }) {
  const { repo } = await params;
  if (!(await loadRepository(repo))) notFound();
  return children;
}
