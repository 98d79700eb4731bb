import type { Classification } from "@/lib/contract/vocabulary";
import { UNPHASED } from "@/lib/contract/vocabulary";

/** Fixed per class, so a colour means the same thing on every chart and in every screenshot. */
export const CLASS_COLORS: Record<Classification, string> = {
  primary: "#16a34a",
  core: "#dc2626",
  adapter: "#2563eb",
  factory: "#d97706",
  legacy: "#7c3aed",
  interface: "#0891b2",
  support: "#94a3b8",
};

const PHASE_PALETTE = ["#0ea5e9", "#f59e0b", "#10b981", "#ec4899", "#8b5cf6", "#84cc16", "#f97316", "#14b8a6"];

/** By the phase's position in the plan, so colours follow the plan's order, not the data's. */
export function phaseColor(phase: string, planPhases: readonly string[]): string {
  if (phase === UNPHASED) return "#94a3b8";
  const index = planPhases.indexOf(phase);
  if (index >= 0) return PHASE_PALETTE[index % PHASE_PALETTE.length]!;
  let hash = 0;
  for (const char of phase) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PHASE_PALETTE[hash % PHASE_PALETTE.length]!;
}
