// Portfolio test data: a repository's families at one commit, each a valid committed inventory.
import type { CommittedPortfolio } from "@/lib/contract/inventory";
import { fakeSha, makeInventory, type InventoryOptions } from "../factories/inventory";

export interface FamilyOptions extends Omit<InventoryOptions, "sha" | "date"> {
  slug: string;
  name?: string | null;
  issue?: string | null;
}

export function makePortfolio(families: readonly FamilyOptions[], commit: { sha?: string; date?: string } = {}): CommittedPortfolio {
  const sha = commit.sha ?? fakeSha(`portfolio-${Math.random()}`);
  const date = commit.date ?? "2026-11-01T12:00:00Z";
  const inventories = families.map(({ slug, name, issue, ...options }) => ({
    ...makeInventory({ ...options, sha, date, namePrefix: options.namePrefix ?? slug.replace(/[^a-z]/g, "") }),
    slug,
    name: name === undefined ? `Family ${slug}` : name,
    issue: issue === undefined ? null : issue,
  }));
  const first = inventories[0];
  if (!first) throw new Error("a portfolio needs at least one family");
  return { schemaVersion: 1, kind: "portfolio", scanner: first.scanner, commit: first.commit, families: inventories };
}
