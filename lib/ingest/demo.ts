import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { IngestInventorySchema } from "@/lib/contract/inventory";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { getProject } from "@/lib/queries";
import { createProject } from "./projects";
import { ingestInventory } from "./scans";

export const DEMO_PROJECT = {
  slug: "demo",
  name: "Execution engine consolidation (demo)",
  repoUrl: "https://github.com/example/netra/blob/{commit}/{file}#L{line}",
} as const;

export interface DemoSeedResult {
  /** Set only when the project was created now: the token is shown once. */
  createdToken: string | null;
  created: number;
  existing: number;
}

/** Creates the demo project if absent and posts the bundled scans through the real ingest path. */
export async function seedDemo(db: Db, scansDir: string): Promise<DemoSeedResult> {
  let project = await getProject(db, DEMO_PROJECT.slug);
  let createdToken: string | null = null;
  if (!project) {
    createdToken = generateToken();
    await createProject(db, { ...DEMO_PROJECT, tokenHash: hashToken(createdToken) });
    project = await getProject(db, DEMO_PROJECT.slug);
  }
  if (!project) throw new Error("the demo project could not be created");
  let created = 0;
  let existing = 0;
  for (const file of readdirSync(scansDir).filter((name) => name.endsWith(".json")).sort()) {
    const inventory = IngestInventorySchema.parse(JSON.parse(readFileSync(join(scansDir, file), "utf8")));
    const result = await ingestInventory(db, project, inventory);
    if (result.created) created += 1;
    else existing += 1;
  }
  return { createdToken, created, existing };
}
