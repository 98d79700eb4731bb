import { targetAt } from "@/lib/analytics/plan";
import { computeTotals, isComplete, type CommittedInventory } from "@/lib/contract/inventory";
import type { Tx } from "@/lib/db/client";
import { Prisma, type Scan } from "@/lib/db/generated/sqlite/client";

/** Both SQLite (32,766) and PostgreSQL (65,535) accept this many bound values in one statement. */
const MAX_BOUND_VALUES = 30_000;

const ident = (name: string) => Prisma.raw(`"${name}"`);

/**
 * Multi-row INSERT as raw SQL: Prisma 7 compiles every createMany afresh (about 0.5 ms per row
 * measured), a bound statement costs microseconds. Values are bound, never interpolated; JSON
 * columns get JSON text, which both stores keep as Prisma writes it.
 */
async function insertRows(
  tx: Tx,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  suffix: Prisma.Sql = Prisma.empty,
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_BOUND_VALUES / columns.length));
  const head = Prisma.sql`INSERT INTO ${ident(table)} (${Prisma.join(columns.map(ident))}) VALUES `;
  for (let offset = 0; offset < rows.length; offset += perStatement) {
    const values = rows.slice(offset, offset + perStatement).map((row) => Prisma.sql`(${Prisma.join(row)})`);
    await tx.$executeRaw`${head}${Prisma.join(values)}${suffix}`;
  }
}

const jsonText = (value: unknown) => JSON.stringify(value);

const JSON_SCAN_COLUMNS = new Set<keyof Scan>(["plan", "byPhase", "countedByClass", "countedByPhase", "fileIssues"]);

/** Inserts the scan row, its checks, its engines and its observations (inside the caller's transaction). */
export async function insertScan(tx: Tx, projectId: number, inventory: CommittedInventory): Promise<Scan> {
  // Inventories built in code (not parsed) may lack the default: the contract's default unit.
  const unit = inventory.plan.count ?? "names";
  const totals = computeTotals(inventory.members, unit);
  const passed = inventory.checks.filter((check) => check.passed).length;
  const fields: Omit<Scan, "id"> = {
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
    receivedAt: new Date(),
  };
  const columns = Object.keys(fields) as Array<keyof typeof fields>;
  const values = columns.map((column) => {
    const value = fields[column];
    return JSON_SCAN_COLUMNS.has(column) ? jsonText(value) : value;
  });
  const [inserted] = await tx.$queryRaw<Array<{ id: number | bigint }>>`
    INSERT INTO "Scan" (${Prisma.join(columns.map(ident))}) VALUES (${Prisma.join(values)}) RETURNING "id"`;
  if (!inserted) throw new Error("the scan insert returned no id");
  const scan: Scan = { id: Number(inserted.id), ...fields };

  if (inventory.checks.length > 0) {
    await insertRows(
      tx,
      "CheckResult",
      ["scanId", "checkId", "passed", "value", "threshold", "summary", "members", "groups"],
      inventory.checks.map((check) => [
        scan.id,
        check.id,
        check.passed,
        check.value,
        check.threshold,
        check.summary,
        jsonText(check.members),
        check.groups ? jsonText(check.groups) : null,
      ]),
    );
  }

  if (inventory.members.length === 0) return scan;
  const engineIds = await upsertEngines(tx, projectId, inventory, scan.committedAt);
  await insertRows(
    tx,
    "Observation",
    OBSERVATION_COLUMNS,
    inventory.members.map((member) => [
      scan.id,
      engineIds.get(member.key) as number,
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
    ]),
  );
  return scan;
}

const OBSERVATION_COLUMNS = [
  "scanId",
  "engineId",
  "name",
  "qualifiedName",
  "kind",
  "language",
  "file",
  "line",
  "endLine",
  "loc",
  "classification",
  "reason",
  "phase",
  "counted",
  "bases",
  "decorators",
  "ctorParams",
  "ctorSignature",
  "methods",
  "abstract",
  "abstractReason",
  "deprecated",
  "deprecatedMethods",
  "aliasOf",
  "delegatesTo",
  "emits",
  "bodyHash",
] as const;

/**
 * One upsert per chunk, however many members: new engines are inserted, known ones get their
 * first/last seen widened, and every id comes back (RETURNING; SQLite 3.35+ and PostgreSQL).
 * Rows are written in key order, so concurrent PostgreSQL writers lock them in the same order.
 */
async function upsertEngines(tx: Tx, projectId: number, inventory: CommittedInventory, seenAt: Date): Promise<Map<string, number>> {
  const members = [...inventory.members].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ids = new Map<string, number>();
  const perStatement = Math.floor(MAX_BOUND_VALUES / 5);
  for (let offset = 0; offset < members.length; offset += perStatement) {
    const values = members
      .slice(offset, offset + perStatement)
      .map((member) => Prisma.sql`(${projectId}, ${member.key}, ${member.name}, ${seenAt}, ${seenAt})`);
    const rows = await tx.$queryRaw<Array<{ id: number | bigint; key: string }>>`
      INSERT INTO "Engine" ("projectId", "key", "name", "firstSeenAt", "lastSeenAt") VALUES ${Prisma.join(values)}
      ON CONFLICT ("projectId", "key") DO UPDATE SET
        "firstSeenAt" = CASE WHEN excluded."firstSeenAt" < "Engine"."firstSeenAt" THEN excluded."firstSeenAt" ELSE "Engine"."firstSeenAt" END,
        "lastSeenAt" = CASE WHEN excluded."lastSeenAt" > "Engine"."lastSeenAt" THEN excluded."lastSeenAt" ELSE "Engine"."lastSeenAt" END
      RETURNING "id", "key"`;
    for (const row of rows) ids.set(row.key, Number(row.id));
  }
  return ids;
}
