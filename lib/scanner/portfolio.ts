/**
 * A portfolio: every family of a `families` config at one commit, from one pass over the files.
 * Each element is that family's full inventory (it posts to the family's project as is).
 */
import { INVENTORY_SCHEMA_VERSION, PORTFOLIO_KIND, type Inventory, type PortfolioInventory } from "../contract/inventory";
import type { ResolvedConfig } from "./config";

/** One family of a scanned portfolio: its resolved config and its inventory. */
export interface FamilyResult {
  config: ResolvedConfig;
  inventory: Inventory;
}

/** The families of one commit as one PortfolioInventory (a family without a slug is a programming error). */
export function toPortfolioInventory(families: readonly FamilyResult[]): PortfolioInventory {
  const first = families[0]?.inventory;
  if (!first) throw new Error("a portfolio needs at least one family");
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    kind: PORTFOLIO_KIND,
    scanner: first.scanner,
    commit: first.commit,
    families: families.map(({ config, inventory }) => {
      if (config.slug === null) throw new Error("a portfolio family needs a slug (a `families` config)");
      return { ...inventory, slug: config.slug, name: config.name, issue: config.issue };
    }),
  };
}

/** A portfolio output (`kind: "portfolio"`); a single-family inventory has no `kind`. */
export function isPortfolioInventory(output: Inventory | PortfolioInventory): output is PortfolioInventory {
  return "kind" in output && output.kind === PORTFOLIO_KIND;
}
