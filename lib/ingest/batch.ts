import type { CommittedInventory } from "@/lib/contract/inventory";
import type { Db, Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { insertScans, type ScanRow } from "./rows";
import { chunks, inTransaction, removeScans, settleEngines, type IngestOptions, type IngestProject } from "./scans";

import type { IngestStatus } from "@/lib/contract/responses";

export type { IngestStatus };

export interface BatchScanResult {
  sha: string;
  status: IngestStatus;
}

/** Bad input found by an ingest function before anything was written: each issue names where (`[3].commit.sha`). */
export class IngestRejected extends Error {
  constructor(readonly issues: ReadonlyArray<{ path: string; message: string }>) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "));
    this.name = "IngestRejected";
  }
}

/**
 * A chunk is one transaction: at most this many commits or member rows, so a SQLite writer never holds
 * the lock for long and a PostgreSQL retry after a deadlock redoes little.
 */
export const CHUNK_COMMITS = 500;
export const CHUNK_MEMBERS = 25_000;

/** Consecutive groups of items, each within the chunk limits (an item bigger than the limit is a chunk of its own). */
export function commitChunks<T>(items: readonly T[], weight: (item: T) => number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let members = 0;
  for (const item of items) {
    const size = weight(item);
    if (current.length > 0 && (current.length >= CHUNK_COMMITS || members + size > CHUNK_MEMBERS)) {
      out.push(current);
      current = [];
      members = 0;
    }
    current.push(item);
    members += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The same commit twice in one request is refused: which of the two should win is not for the server to guess. */
export function duplicateCommits(shas: readonly string[], path: (index: number) => string): Array<{ path: string; message: string }> {
  const seen = new Map<string, number>();
  const issues: Array<{ path: string; message: string }> = [];
  shas.forEach((sha, index) => {
    const first = seen.get(sha);
    if (first === undefined) seen.set(sha, index);
    else issues.push({ path: path(index), message: `commit ${sha} is also at [${first}]: send each commit once` });
  });
  return issues;
}

const scanKey = (projectId: number, sha: string) => `${projectId}:${sha}`;

/** Ids of the stored scans among the items' (project, commit) pairs: one query per 10,000 commits. */
async function storedScanIds(tx: Tx, items: readonly ScanRow[]): Promise<Map<string, number>> {
  const projects = Prisma.join([...new Set(items.map((item) => item.projectId))]);
  const stored = new Map<string, number>();
  for (const shas of chunks([...new Set(items.map((item) => item.inventory.commit.sha))])) {
    const rows = await tx.$queryRaw<Array<{ id: number | bigint; projectId: number | bigint; commitSha: string }>>`
      SELECT "id", "projectId", "commitSha" FROM "Scan" WHERE "projectId" IN (${projects}) AND "commitSha" IN (${Prisma.join(shas)})`;
    for (const row of rows) stored.set(scanKey(Number(row.projectId), row.commitSha), Number(row.id));
  }
  return stored;
}

/**
 * Inside the caller's transaction: every item not stored yet is written, a stored one is kept
 * (`existing`) or, with `replace`, deleted and written again (`replaced`); engines touched by a
 * replaced scan get their first/last seen recomputed. A fixed number of statements per chunk, however
 * many commits: this is the batch path's whole speed-up.
 */
export async function writeScans(tx: Tx, items: readonly ScanRow[], replace: boolean): Promise<IngestStatus[]> {
  if (items.length === 0) return [];
  const stored = await storedScanIds(tx, items);
  const statuses = items.map((item): IngestStatus => {
    if (!stored.has(scanKey(item.projectId, item.inventory.commit.sha))) return "created";
    return replace ? "replaced" : "existing";
  });
  const touched = replace ? await removeScans(tx, [...stored.values()]) : [];
  await insertScans(
    tx,
    items.filter((_, index) => statuses[index] !== "existing"),
  );
  await settleEngines(tx, touched);
  return statuses;
}

/**
 * Many commits of one project: one transaction per chunk of commits (see CHUNK_COMMITS), one result
 * per commit in the order given. Each commit is idempotent exactly as a single post (ingestInventory):
 * kept when stored, replaced with `replace`. A commit is never half-written; when a chunk fails (a
 * store error), the chunks before it stay stored and posting the batch again resumes it.
 */
export async function ingestBatch(
  db: Db,
  project: IngestProject,
  inventories: readonly CommittedInventory[],
  options: IngestOptions = {},
): Promise<BatchScanResult[]> {
  const duplicates = duplicateCommits(
    inventories.map((inventory) => inventory.commit.sha),
    (index) => `[${index}].commit.sha`,
  );
  if (duplicates.length > 0) throw new IngestRejected(duplicates);
  const replace = options.replace === true;
  const results: BatchScanResult[] = [];
  for (const chunk of commitChunks(inventories, (inventory) => inventory.members.length)) {
    const items = chunk.map((inventory) => ({ projectId: project.id, inventory }));
    // A unique violation means a concurrent writer stored one of these commits: run the chunk again, it is then `existing`.
    const statuses = await inTransaction(
      db,
      (tx) => writeScans(tx, items, replace),
      async () => null,
    );
    chunk.forEach((inventory, index) => {
      results.push({ sha: inventory.commit.sha, status: statuses[index] ?? "existing" });
    });
  }
  return results;
}
