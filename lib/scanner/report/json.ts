import type { Inventory } from "../../contract/inventory";

/** The inventory as the contract describes it, pretty-printed. */
export function renderJson(inventory: Inventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}
