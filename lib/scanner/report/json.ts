import type { Inventory, PortfolioInventory } from "../../contract/inventory";

/** The inventory (or a portfolio of them) as the contract describes it, pretty-printed. */
export function renderJson(inventory: Inventory | PortfolioInventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}
