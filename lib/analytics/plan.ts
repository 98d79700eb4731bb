import type { Plan } from "@/lib/contract/inventory";

export const DAY_MS = 24 * 3600 * 1000;

/** End of a phase's due day (UTC): work committed on the due date still counts. */
export function dueTime(due: string): number {
  return Date.parse(`${due}T23:59:59.999Z`);
}

export function sortedPhases(plan: Plan): Plan["phases"] {
  return [...plan.phases].sort((a, b) => a.due.localeCompare(b.due));
}

/**
 * The target in force at a moment: the target of the next milestone not yet due (what the team is
 * working toward), and the plan's overall target once every phase is due. This makes the target a
 * step line that changes exactly at phase due dates.
 */
export function targetAt(plan: Plan, time: number): number {
  const next = sortedPhases(plan).find((phase) => dueTime(phase.due) >= time);
  return next ? next.target : plan.target;
}
