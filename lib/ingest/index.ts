import type { CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { ingestInventory, type IngestOptions, type IngestProject, type StoredScan } from "./scans";

export * from "./auth";
export * from "./batch";
export * from "./projects";
export * from "./repositories";
export * from "./scans";

/**
 * Writes are serialized per store (SQLite: one writer; PostgreSQL: the project's engine rows), so a
 * process keeps at most this many parsed scans (or batches) waiting for their turn; beyond it a post is
 * refused at once (the API answers 503 with Retry-After) instead of holding memory until Prisma's 20 s
 * transaction wait runs out.
 */
export const MAX_PENDING_WRITES = 64;
let pendingWrites = 0;

export type Submitted<T> = { kind: "stored"; value: T } | { kind: "busy"; waiting: number };

/** Runs `write` behind the bounded write queue of this process. */
export async function submitWrite<T>(write: () => Promise<T>): Promise<Submitted<T>> {
  if (pendingWrites >= MAX_PENDING_WRITES) return { kind: "busy", waiting: pendingWrites };
  pendingWrites += 1;
  try {
    return { kind: "stored", value: await write() };
  } finally {
    pendingWrites -= 1;
  }
}

export type SubmittedScan = ({ kind: "stored" } & StoredScan) | { kind: "busy"; waiting: number };

/** ingestInventory behind the bounded write queue of this process. */
export async function submitInventory(
  db: Db,
  project: IngestProject,
  inventory: CommittedInventory,
  options: IngestOptions = {},
): Promise<SubmittedScan> {
  const submitted = await submitWrite(() => ingestInventory(db, project, inventory, options));
  return submitted.kind === "busy" ? submitted : { kind: "stored", ...submitted.value };
}
