import { targetAt } from "@/lib/analytics/plan";
import { computeTotals, isComplete, type CommittedInventory, type Reconciliation } from "@/lib/contract/inventory";
import type { Tx } from "@/lib/db/client";
import { Prisma, type Scan } from "@/lib/db/generated/sqlite/client";

/** Both SQLite (32,766) and PostgreSQL (65,535) accept this many bound values in one statement. */
const MAX_BOUND_VALUES = 30_000;

const ident = (name: string) => Prisma.raw(`"${name}"`);

const jsonText = (value: unknown) => JSON.stringify(value);

/** How a packed column is read back from its JSON row (see insertPacked). */
type ColumnType = "int" | "float" | "bool" | "text" | "json" | "date";
type Provider = "sqlite" | "postgresql";

/** The store behind a client or transaction (Prisma's own field, the same on both). */
function providerOf(tx: Tx): Provider | null {
  const provider = (tx as unknown as { _activeProvider?: unknown })._activeProvider;
  return provider === "sqlite" || provider === "postgresql" ? provider : null;
}

const PG_CAST: Record<ColumnType, string> = {
  int: "::integer",
  float: "::double precision",
  bool: "::boolean",
  text: "",
  json: "::jsonb",
  date: "::timestamp(3)",
};

/** Rows per packed statement: a few MB of JSON, well within both stores' limits. */
const PACKED_ROWS = 4_000;

/** A date as each store keeps it: SQLite text as Prisma writes it; PostgreSQL UTC without a zone. */
function packedDate(value: Date, provider: Provider): string {
  const iso = value.toISOString();
  return provider === "sqlite" ? `${iso.slice(0, -1)}+00:00` : iso.slice(0, -1);
}

/**
 * Many rows in one statement with ONE bound value: the rows as a JSON array of arrays, unpacked by
 * the store (SQLite json_each, PostgreSQL json_array_elements). Binding 30,000 values one by one costs
 * Prisma about 5 µs each, which made the row values the batch path's main cost; one JSON text costs
 * the store a C parse. JSON columns are sent as their JSON text, dates in the store's own format, so
 * the rows are exactly those a bound insert writes. Without a known store, a bound multi-row insert.
 */
async function insertPacked(
  tx: Tx,
  table: string,
  columns: ReadonlyArray<readonly [string, ColumnType]>,
  rows: readonly unknown[][],
  returning: readonly string[] = [],
): Promise<Array<Record<string, unknown>>> {
  const provider = providerOf(tx);
  const names = columns.map(([name]) => name);
  const out: Array<Record<string, unknown>> = [];
  const tail = returning.length > 0 ? Prisma.sql` RETURNING ${Prisma.join(returning.map(ident))}` : Prisma.empty;
  if (provider === null) {
    const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / columns.length));
    for (let offset = 0; offset < rows.length; offset += perStatement) {
      const values = rows.slice(offset, offset + perStatement).map((row) => Prisma.sql`(${Prisma.join(row)})`);
      out.push(
        ...(await tx.$queryRaw<Array<Record<string, unknown>>>`
          INSERT INTO ${ident(table)} (${Prisma.join(names.map(ident))}) VALUES ${Prisma.join(values)}${tail}`),
      );
    }
    return out;
  }
  const dateColumns = columns.flatMap(([, type], index) => (type === "date" ? [index] : []));
  const select =
    provider === "sqlite"
      ? columns.map((_, index) => `value ->> ${index}`).join(", ")
      : columns.map(([, type], index) => `(e ->> ${index})${PG_CAST[type]}`).join(", ");
  for (let offset = 0; offset < rows.length; offset += PACKED_ROWS) {
    const slice = rows.slice(offset, offset + PACKED_ROWS).map((row) => {
      if (dateColumns.length === 0) return row;
      const copy = [...row];
      for (const index of dateColumns) copy[index] = packedDate(copy[index] as Date, provider);
      return copy;
    });
    const packed = JSON.stringify(slice);
    const from = provider === "sqlite" ? Prisma.sql`json_each(${packed})` : Prisma.sql`json_array_elements(${packed}::json) AS e`;
    const query = Prisma.sql`INSERT INTO ${ident(table)} (${Prisma.join(names.map(ident))}) SELECT ${Prisma.raw(select)} FROM ${from}${tail}`;
    if (returning.length > 0) out.push(...(await tx.$queryRaw<Array<Record<string, unknown>>>(query)));
    else await tx.$executeRaw(query);
  }
  return out;
}

const SCAN_COLUMN_TYPES: Record<keyof Omit<Scan, "id">, ColumnType> = {
  projectId: "int",
  commitSha: "text",
  committedAt: "date",
  branch: "text",
  commitMessage: "text",
  scannerName: "text",
  scannerVersion: "text",
  plan: "json",
  target: "int",
  stepTarget: "int",
  memberCount: "int",
  countUnit: "text",
  nameCount: "int",
  countedCount: "int",
  primaryCount: "int",
  coreCount: "int",
  adapterCount: "int",
  factoryCount: "int",
  legacyCount: "int",
  interfaceCount: "int",
  supportCount: "int",
  byPhase: "json",
  countedByClass: "json",
  countedByPhase: "json",
  checksPassed: "int",
  checksFailed: "int",
  filesScanned: "int",
  filesSkipped: "int",
  filesFailed: "int",
  complete: "bool",
  fileIssues: "json",
  legacyUsages: "int",
  reconciliation: "json",
  reconciliationHits: "json",
  receivedAt: "date",
};

const CHECK_COLUMNS = [
  ["scanId", "int"],
  ["checkId", "text"],
  ["passed", "bool"],
  ["value", "float"],
  ["threshold", "float"],
  ["summary", "text"],
  ["members", "json"],
  ["groups", "json"],
] as const;

const OBSERVATION_COLUMNS = [
  ["scanId", "int"],
  ["engineId", "int"],
  ["name", "text"],
  ["qualifiedName", "text"],
  ["kind", "text"],
  ["language", "text"],
  ["file", "text"],
  ["line", "int"],
  ["endLine", "int"],
  ["loc", "int"],
  ["classification", "text"],
  ["reason", "text"],
  ["phase", "text"],
  ["counted", "bool"],
  ["bases", "json"],
  ["decorators", "json"],
  ["ctorParams", "json"],
  ["ctorSignature", "text"],
  ["methods", "json"],
  ["abstract", "bool"],
  ["abstractReason", "text"],
  ["deprecated", "bool"],
  ["deprecatedMethods", "json"],
  ["aliasOf", "text"],
  ["delegatesTo", "text"],
  ["emits", "int"],
  ["bodyHash", "text"],
  ["usedByFiles", "int"],
  ["usedBySites", "int"],
] as const;
/** One scan to insert: the project it belongs to and its inventory. */
export interface ScanRow {
  projectId: number;
  inventory: CommittedInventory;
}

/** The reconciliation's counts, stored on every scan; its hits are stored apart (see keepHits). */
function reconciliationCounts(reconciliation: Reconciliation | undefined) {
  if (!reconciliation) return null;
  const { hits: _hits, ...counts } = reconciliation;
  return counts;
}

/**
 * scanFields for one scan; `keepHits` says whether its non-member hits are stored (only the newest
 * scan of each branch in a batch: older ones would be cleared by clearOlderHits anyway).
 */
function scanFields(projectId: number, inventory: CommittedInventory, receivedAt: Date, keepHits: boolean): Omit<Scan, "id"> {
  // Inventories built in code (not parsed) may lack the default: the contract's default unit.
  const unit = inventory.plan.count ?? "names";
  const totals = computeTotals(inventory.members, unit);
  const passed = inventory.checks.filter((check) => check.passed).length;
  return {
    projectId,
    commitSha: inventory.commit.sha,
    committedAt: new Date(inventory.commit.date),
    branch: inventory.commit.branch,
    commitMessage: inventory.commit.message ?? null,
    scannerName: inventory.scanner.name,
    scannerVersion: inventory.scanner.version,
    plan: inventory.plan,
    target: inventory.plan.target,
    stepTarget: targetAt(inventory.plan, new Date(inventory.commit.date).getTime()),
    memberCount: totals.members,
    countUnit: unit,
    nameCount: totals.names,
    countedCount: totals.counted,
    primaryCount: totals.byClassification.primary,
    coreCount: totals.byClassification.core,
    adapterCount: totals.byClassification.adapter,
    factoryCount: totals.byClassification.factory,
    legacyCount: totals.byClassification.legacy,
    interfaceCount: totals.byClassification.interface,
    supportCount: totals.byClassification.support,
    byPhase: totals.byPhase,
    countedByClass: totals.countedByClassification,
    countedByPhase: totals.countedByPhase,
    checksPassed: passed,
    checksFailed: inventory.checks.length - passed,
    filesScanned: inventory.files.scanned,
    filesSkipped: inventory.files.skipped.length,
    filesFailed: inventory.files.failed.length,
    complete: isComplete(inventory),
    fileIssues: { skipped: inventory.files.skipped, failed: inventory.files.failed },
    legacyUsages: totals.legacyUsages ?? null,
    reconciliation: reconciliationCounts(inventory.reconciliation),
    reconciliationHits: keepHits && inventory.reconciliation ? inventory.reconciliation.hits : null,
    receivedAt,
  };
}

const scanKey = (projectId: number, sha: string) => `${projectId}:${sha}`;

/** The scan rows in as few statements as possible; ids come back by project + commit. */
async function insertScanRows(tx: Tx, rows: ReadonlyArray<Omit<Scan, "id">>): Promise<Scan[]> {
  const columns = Object.entries(SCAN_COLUMN_TYPES) as Array<[keyof Omit<Scan, "id">, ColumnType]>;
  const values = rows.map((fields) =>
    columns.map(([column, type]) => {
      const value = fields[column];
      // A JSON column left empty is SQL NULL, not the JSON text "null".
      return type === "json" && value !== null ? jsonText(value) : value;
    }),
  );
  const inserted = await insertPacked(tx, "Scan", columns, values, ["id", "projectId", "commitSha"]);
  const ids = new Map<string, number>();
  for (const row of inserted) ids.set(scanKey(Number(row.projectId), String(row.commitSha)), Number(row.id));
  return rows.map((fields) => {
    const id = ids.get(scanKey(fields.projectId, fields.commitSha));
    if (id === undefined) throw new Error(`the scan insert returned no id for ${fields.commitSha}`);
    return { id, ...fields };
  });
}

/** Inserts one scan with its checks, engines and observations (inside the caller's transaction). */
export async function insertScan(tx: Tx, projectId: number, inventory: CommittedInventory): Promise<Scan> {
  const [scan] = await insertScans(tx, [{ projectId, inventory }]);
  if (!scan) throw new Error("the scan insert returned no row");
  return scan;
}

/**
 * Inserts any number of scans (of one or several projects, none of them stored yet) with their checks,
 * engines and observations, inside the caller's transaction, in a fixed number of statements per
 * 30,000 bound values: one for the scans, one for the checks, one engine upsert, one for the observations.
 * That is what makes a batch cheap: the cost per scan is its rows, not its round trips.
 */
export async function insertScans(tx: Tx, items: readonly ScanRow[]): Promise<Scan[]> {
  const receivedAt = new Date();
  const newest = newestPerBranch(items);
  const scans = await insertScanRows(
    tx,
    items.map((item, index) => scanFields(item.projectId, item.inventory, receivedAt, newest.has(index))),
  );
  const checkRows: unknown[][] = [];
  items.forEach((item, index) => {
    const scanId = (scans[index] as Scan).id;
    for (const check of item.inventory.checks) {
      checkRows.push([
        scanId,
        check.id,
        check.passed,
        check.value,
        check.threshold,
        check.summary,
        jsonText(check.members),
        check.groups ? jsonText(check.groups) : null,
      ]);
    }
  });
  if (checkRows.length > 0) {
    await insertPacked(tx, "CheckResult", CHECK_COLUMNS, checkRows);
  }
  const engineIds = await upsertEngines(tx, items);
  const observationRows: unknown[][] = [];
  items.forEach((item, index) => {
    const scanId = (scans[index] as Scan).id;
    for (const member of item.inventory.members) {
      observationRows.push([
        scanId,
        engineIds.get(engineKey(item.projectId, member.key)) as number,
        member.name,
        member.qualifiedName,
        member.kind,
        member.language,
        member.file,
        member.line,
        member.endLine,
        member.loc,
        member.classification,
        member.reason,
        member.phase,
        member.counted,
        jsonText(member.bases),
        jsonText(member.decorators),
        member.constructor ? jsonText(member.constructor.params) : null,
        member.constructor?.signature ?? null,
        jsonText(member.methods),
        member.abstract,
        member.abstractReason,
        member.deprecated,
        jsonText(member.deprecatedMethods ?? []),
        member.aliasOf,
        member.delegatesTo,
        member.emits,
        member.bodyHash,
        member.usedBy?.files ?? null,
        member.usedBy?.sites ?? null,
      ]);
    }
  });
  if (observationRows.length > 0) await insertPacked(tx, "Observation", OBSERVATION_COLUMNS, observationRows);
  // Last, after the engine upsert: on PostgreSQL a concurrent writer of the same members holds those rows until it
  // commits, so this statement (a fresh READ COMMITTED snapshot) sees its scan and keeps the one newest.
  await clearOlderHits(tx, items);
  return scans;
}

const branchKey = (projectId: number, branch: string | null) => `${projectId}\u0000${branch ?? "\u0001"}`;

/** Indexes of the items that are the newest of their project + branch in this batch (ties: the later item). */
function newestPerBranch(items: readonly ScanRow[]): Set<number> {
  const newest = new Map<string, { index: number; time: number }>();
  items.forEach((item, index) => {
    if (!item.inventory.reconciliation) return;
    const key = branchKey(item.projectId, item.inventory.commit.branch);
    const time = Date.parse(item.inventory.commit.date);
    const known = newest.get(key);
    if (!known || time >= known.time) newest.set(key, { index, time });
  });
  return new Set([...newest.values()].map((entry) => entry.index));
}

/**
 * Per-hit lists stay on the latest scan of each branch only: for every project + branch the batch wrote
 * to, the hits of every other scan of that branch are cleared (one statement each). A backfill of old
 * commits thus clears its own hits and never a newer scan's; a newer scan clears the one before it.
 */
async function clearOlderHits(tx: Tx, items: readonly ScanRow[]): Promise<void> {
  const branches = new Map<string, { projectId: number; branch: string | null }>();
  // Every branch written, also by scans without a reconciliation: a newer scan is the latest either way.
  for (const item of items) {
    branches.set(branchKey(item.projectId, item.inventory.commit.branch), {
      projectId: item.projectId,
      branch: item.inventory.commit.branch,
    });
  }
  for (const { projectId, branch } of branches.values()) {
    const onBranch = branch === null ? Prisma.sql`"branch" IS NULL` : Prisma.sql`"branch" = ${branch}`;
    await tx.$executeRaw`
      UPDATE "Scan" SET "reconciliationHits" = NULL
      WHERE "projectId" = ${projectId} AND ${onBranch} AND "reconciliationHits" IS NOT NULL
        AND "id" <> (SELECT "id" FROM "Scan" WHERE "projectId" = ${projectId} AND ${onBranch}
                     ORDER BY "committedAt" DESC, "id" DESC LIMIT 1)`;
  }
}

const engineKey = (projectId: number, key: string) => `${projectId}\u0000${key}`;

interface EngineSighting {
  projectId: number;
  key: string;
  name: string;
  first: Date;
  last: Date;
}

/** Every (project, member key) of the scans once, with the earliest and latest commit that saw it. */
function engineSightings(items: readonly ScanRow[]): EngineSighting[] {
  const sightings = new Map<string, EngineSighting>();
  for (const { projectId, inventory } of items) {
    const seenAt = new Date(inventory.commit.date);
    for (const member of inventory.members) {
      const id = engineKey(projectId, member.key);
      const known = sightings.get(id);
      if (!known) sightings.set(id, { projectId, key: member.key, name: member.name, first: seenAt, last: seenAt });
      else {
        if (seenAt < known.first) known.first = seenAt;
        if (seenAt > known.last) known.last = seenAt;
      }
    }
  }
  return [...sightings.values()].sort((a, b) => a.projectId - b.projectId || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * One upsert per chunk, however many members and scans: new engines are inserted, known ones get
 * their first/last seen widened, and every id comes back (RETURNING; SQLite 3.35+ and PostgreSQL).
 * Each engine appears once per statement (PostgreSQL refuses to update a row twice in one upsert), and
 * rows are written in project + key order, so concurrent PostgreSQL writers lock them in the same order.
 */
async function upsertEngines(tx: Tx, items: readonly ScanRow[]): Promise<Map<string, number>> {
  const sightings = engineSightings(items);
  const ids = new Map<string, number>();
  const perStatement = Math.floor(MAX_BOUND_VALUES / 5);
  for (let offset = 0; offset < sightings.length; offset += perStatement) {
    const values = sightings
      .slice(offset, offset + perStatement)
      .map((engine) => Prisma.sql`(${engine.projectId}, ${engine.key}, ${engine.name}, ${engine.first}, ${engine.last})`);
    const rows = await tx.$queryRaw<Array<{ id: number | bigint; projectId: number | bigint; key: string }>>`
      INSERT INTO "Engine" ("projectId", "key", "name", "firstSeenAt", "lastSeenAt") VALUES ${Prisma.join(values)}
      ON CONFLICT ("projectId", "key") DO UPDATE SET
        "firstSeenAt" = CASE WHEN excluded."firstSeenAt" < "Engine"."firstSeenAt" THEN excluded."firstSeenAt" ELSE "Engine"."firstSeenAt" END,
        "lastSeenAt" = CASE WHEN excluded."lastSeenAt" > "Engine"."lastSeenAt" THEN excluded."lastSeenAt" ELSE "Engine"."lastSeenAt" END
      RETURNING "id", "projectId", "key"`;
    for (const row of rows) ids.set(engineKey(Number(row.projectId), row.key), Number(row.id));
  }
  return ids;
}
