import { targetAt } from "@/lib/analytics/plan";
import { computeTotals, isComplete, type CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { Prisma, type Scan } from "@/lib/db/generated/sqlite/client";
import { toCheckResult, toFileIssues, toMember, toPlan, toScanSummary } from "./mappers";
import type { ScanDetail, ScanSummary } from "./types";

export interface CreatedScan {
  created: boolean;
  scan: ScanSummary;
}

/** The driver's error kind, also for raw queries (Prisma reports those as P2010 with the kind in meta). */
function driverErrorKind(error: unknown): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const byCode: Record<string, string> = { P2002: "UniqueConstraintViolation", P2034: "TransactionWriteConflict", P1008: "SocketTimeout" };
  const known = byCode[error.code];
  if (known) return known;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined)?.driverAdapterError?.cause;
  return typeof cause?.kind === "string" ? cause.kind : null;
}

function isUniqueViolation(error: unknown): boolean {
  return driverErrorKind(error) === "UniqueConstraintViolation";
}

/**
 * Worth running the whole transaction again: a PostgreSQL deadlock or serialization failure, or a
 * SQLite write lock still held by another process after the busy timeout.
 */
function isTransient(error: unknown): boolean {
  const kind = driverErrorKind(error);
  return kind === "TransactionWriteConflict" || kind === "SocketTimeout";
}

const WRITE_ATTEMPTS = 4;

async function storedScanId(db: Db | Prisma.TransactionClient, projectId: number, sha: string): Promise<number | null> {
  const rows = await db.$queryRaw<Array<{ id: number | bigint }>>`
    SELECT "id" FROM "Scan" WHERE "projectId" = ${projectId} AND "commitSha" = ${sha}`;
  return rows[0] ? Number(rows[0].id) : null;
}

async function existingScan(db: Db, projectId: number, sha: string): Promise<CreatedScan | null> {
  const scan = await db.scan.findUnique({ where: { projectId_commitSha: { projectId, commitSha: sha } } });
  return scan ? { created: false, scan: toScanSummary(scan) } : null;
}

/**
 * Writes a scan with its observations, engines and checks in one transaction.
 * Idempotent per project + commit: an existing scan is returned with created=false,
 * including when a concurrent writer wins the race for the unique (projectId, commitSha).
 * A deadlock or lock timeout reruns the whole transaction (at most WRITE_ATTEMPTS times).
 * The hot path is raw SQL (same tables, same stored formats): every Prisma model call costs
 * about 0.4 ms of query planning, which is most of a 30-member write.
 */
export async function createScan(db: Db, projectId: number, inventory: CommittedInventory): Promise<CreatedScan> {
  const sha = inventory.commit.sha;
  if ((await storedScanId(db, projectId, sha)) !== null) {
    const existing = await existingScan(db, projectId, sha);
    if (existing) return existing;
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      const scan = await db.$transaction(
        // Inside the write lock (SQLite) the loser of a same-commit race stops here, without an error.
        async (tx) => ((await storedScanId(tx, projectId, sha)) === null ? insertScan(tx, projectId, inventory) : null),
        { maxWait: 20_000, timeout: 60_000 },
      );
      if (scan) return { created: true, scan: toScanSummary(scan) };
      const existing = await existingScan(db, projectId, sha);
      if (existing) return existing;
    } catch (error) {
      if (isUniqueViolation(error)) {
        const winner = await existingScan(db, projectId, sha);
        if (winner) return winner;
      }
      if (attempt >= WRITE_ATTEMPTS || !(isTransient(error) || isUniqueViolation(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

/** Both SQLite (32,766) and PostgreSQL (65,535) accept this many bound values in one statement. */
const MAX_BOUND_VALUES = 30_000;

const ident = (name: string) => Prisma.raw(`"${name}"`);

/**
 * Multi-row INSERT as raw SQL: Prisma 7 compiles every createMany afresh (about 0.5 ms per row
 * measured), a bound statement costs microseconds. Values are bound, never interpolated; JSON
 * columns get JSON text, which both stores keep as Prisma writes it.
 */
async function insertRows(
  tx: Prisma.TransactionClient,
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

async function insertScan(tx: Prisma.TransactionClient, projectId: number, inventory: CommittedInventory): Promise<Scan> {
  const totals = computeTotals(inventory.members);
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
    countedCount: totals.counted,
    primaryCount: totals.byClassification.primary,
    coreCount: totals.byClassification.core,
    adapterCount: totals.byClassification.adapter,
    factoryCount: totals.byClassification.factory,
    legacyCount: totals.byClassification.legacy,
    interfaceCount: totals.byClassification.interface,
    supportCount: totals.byClassification.support,
    byPhase: totals.byPhase,
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
    return column === "plan" || column === "byPhase" || column === "fileIssues" ? jsonText(value) : value;
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
async function upsertEngines(
  tx: Prisma.TransactionClient,
  projectId: number,
  inventory: CommittedInventory,
  seenAt: Date,
): Promise<Map<string, number>> {
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

export async function getScanSummary(db: Db, projectId: number, sha: string): Promise<ScanSummary | null> {
  const scan = await findScanByCommit(db, projectId, sha);
  return scan ? toScanSummary(scan) : null;
}

/** Full SHA or a unique prefix of at least 7 characters. */
export async function findScanByCommit(db: Db, projectId: number, sha: string) {
  const exact = await db.scan.findUnique({ where: { projectId_commitSha: { projectId, commitSha: sha } } });
  if (exact || sha.length >= 40) return exact;
  const matches = await db.scan.findMany({ where: { projectId, commitSha: { startsWith: sha } }, take: 2 });
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

export async function getScanDetail(db: Db, projectId: number, sha: string): Promise<ScanDetail | null> {
  const scan = await findScanByCommit(db, projectId, sha);
  if (!scan) return null;
  const [observations, checks] = await Promise.all([
    db.observation.findMany({
      where: { scanId: scan.id },
      include: { engine: { select: { key: true } } },
      orderBy: [{ file: "asc" }, { line: "asc" }],
    }),
    db.checkResult.findMany({ where: { scanId: scan.id }, orderBy: { id: "asc" } }),
  ]);
  return {
    ...toScanSummary(scan),
    plan: toPlan(scan.plan),
    members: observations.map(toMember),
    checkResults: checks.map(toCheckResult),
    fileIssues: toFileIssues(scan.fileIssues),
  };
}

export interface ScanListOptions {
  limit: number;
  before?: Date | undefined;
  branch?: string | undefined;
}

export async function getProjectScans(db: Db, projectId: number, options: ScanListOptions): Promise<ScanSummary[]> {
  const scans = await db.scan.findMany({
    where: {
      projectId,
      ...(options.before ? { committedAt: { lt: options.before } } : {}),
      ...(options.branch ? { branch: options.branch } : {}),
    },
    orderBy: { committedAt: "desc" },
    take: options.limit,
  });
  return scans.map(toScanSummary);
}

/** Commit SHAs the project already has: lets a client skip what is stored (resumable backfills). */
export async function getProjectCommitShas(db: Db, projectId: number): Promise<string[]> {
  const scans = await db.scan.findMany({ where: { projectId }, select: { commitSha: true }, orderBy: { committedAt: "asc" } });
  return scans.map((scan) => scan.commitSha);
}

/** The scans just before and after a moment, for previous/next navigation. */
export async function getAdjacentScans(db: Db, projectId: number, date: Date): Promise<{ previous: string | null; next: string | null }> {
  const [previous, next] = await Promise.all([
    db.scan.findFirst({ where: { projectId, committedAt: { lt: date } }, orderBy: { committedAt: "desc" }, select: { commitSha: true } }),
    db.scan.findFirst({ where: { projectId, committedAt: { gt: date } }, orderBy: { committedAt: "asc" }, select: { commitSha: true } }),
  ]);
  return { previous: previous?.commitSha ?? null, next: next?.commitSha ?? null };
}
