// Migration 0004 on a store that already holds scans: old rows keep counting definitions, get their
// distinct names from their observations, and counted splits that sum to their counted number.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { migrationsDirFor } from "../../prisma/dialects.mjs";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";

const BEFORE_NAMES = ["0001_init", "0002_project_share_key_token_revocation", "0003_scan_step_target"];

/** The committed migrations up to 0003, as a store deployed before names existed has them. */
function migrationsBeforeNames(dialect: "sqlite" | "postgres"): string {
  const dir = mkdtempSync(join(tmpdir(), "converge-before-names-"));
  for (const name of BEFORE_NAMES) cpSync(join(migrationsDirFor(dialect), name), join(dir, name), { recursive: true });
  cpSync(join(migrationsDirFor(dialect), "migration_lock.toml"), join(dir, "migration_lock.toml"));
  return dir;
}

describe.each(testDialects())("migration 0004 on %s", (dialect) => {
  let store: TestDatabase | undefined;

  afterEach(async () => {
    await store?.dispose();
  });

  test("backfills names, the unit and the counted splits of scans stored before it", async () => {
    store = await createTestDatabase(dialect, { migrate: false });
    const dir = migrationsBeforeNames(dialect);
    try {
      expect(await applyMigrations(store.url, { migrationsDir: dir })).toEqual(BEFORE_NAMES);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const db = store.db;
    const now = dialect === "sqlite" ? "'2026-11-01T12:00:00.000Z'" : "'2026-11-01T12:00:00Z'";
    const json = (value: unknown) => `'${JSON.stringify(value)}'`;
    const plan = (countSupport: boolean) => json({ pattern: "Engine", primary: "A", target: 3, countSupport, phases: [] });
    await db.$executeRawUnsafe(`INSERT INTO "Project" ("id", "slug", "name") VALUES (1, 'old', 'Old')`);
    await db.$executeRawUnsafe(`INSERT INTO "Engine" ("id", "projectId", "key", "name", "firstSeenAt", "lastSeenAt") VALUES
      (1, 1, 'a.py::A', 'A', ${now}, ${now}), (2, 1, 'b.py::A', 'A', ${now}, ${now}),
      (3, 1, 'c.py::B', 'B', ${now}, ${now}), (4, 1, 'd.py::BError', 'BError', ${now}, ${now})`);
    // Scan 1 without support counted, scan 2 (an empty one) with the plan counting support.
    for (const [id, countSupport, members, counted, perClass] of [
      [1, false, 4, 3, [1, 2, 0, 0, 0, 0, 1]],
      [2, true, 0, 0, [0, 0, 0, 0, 0, 0, 0]],
    ] as const) {
      await db.$executeRawUnsafe(`INSERT INTO "Scan" ("id", "projectId", "commitSha", "committedAt", "scannerName", "scannerVersion", "plan",
        "target", "stepTarget", "memberCount", "countedCount", "primaryCount", "coreCount", "adapterCount", "factoryCount", "legacyCount",
        "interfaceCount", "supportCount", "byPhase", "checksPassed", "checksFailed", "filesScanned", "filesSkipped", "filesFailed", "complete", "fileIssues")
        VALUES (${id}, 1, 'sha${id}', ${now}, 'converge', 'old', ${plan(countSupport)}, 3, 3, ${members}, ${counted}, ${perClass.join(", ")},
        ${json({ unphased: members })}, 6, 0, ${members}, 0, 0, ${dialect === "sqlite" ? 1 : "true"}, ${json({ skipped: [], failed: [] })})`);
    }
    const observation = (id: number, engine: number, name: string, classification: string, phase: string | null, counted: boolean) =>
      `(${id}, 1, ${engine}, '${name}', '${name}', 'class', 'python', 'x.py', 1, 2, 2, '${classification}', 'why', ${phase === null ? "NULL" : `'${phase}'`},
        ${dialect === "sqlite" ? Number(counted) : counted}, '[]', '[]', '[]', ${dialect === "sqlite" ? 0 : "false"}, ${dialect === "sqlite" ? 0 : "false"}, 0, 'h${id}')`;
    await db.$executeRawUnsafe(`INSERT INTO "Observation" ("id", "scanId", "engineId", "name", "qualifiedName", "kind", "language", "file", "line",
      "endLine", "loc", "classification", "reason", "phase", "counted", "bases", "decorators", "methods", "abstract", "deprecated", "emits", "bodyHash")
      VALUES ${[
        observation(1, 1, "A", "primary", "one", true),
        observation(2, 2, "A", "core", "one", true),
        observation(3, 3, "B", "core", null, true),
        observation(4, 4, "BError", "support", "one", false),
      ].join(", ")}`);

    // 0004 is the next one applied to a store at 0003; later migrations follow it.
    expect((await applyMigrations(store.url))[0]).toBe("0004_scan_names_counted_splits");

    const scans = await db.scan.findMany({ orderBy: { id: "asc" } });
    expect(scans.map((scan) => [scan.countUnit, scan.nameCount, scan.countedCount])).toEqual([
      ["definitions", 3, 3],
      ["definitions", 0, 0],
    ]);
    expect(scans[0]?.countedByClass).toEqual({ primary: 1, core: 2, adapter: 0, factory: 0, legacy: 0, interface: 0, support: 0 });
    expect(scans[0]?.countedByPhase).toEqual({ one: 2, unphased: 1 });
    expect(scans[1]?.countedByClass).toEqual({ primary: 0, core: 0, adapter: 0, factory: 0, legacy: 0, interface: 0, support: 0 });
    expect(scans[1]?.countedByPhase).toEqual({});
    const observations = await db.observation.findMany({ select: { deprecatedMethods: true } });
    expect(observations.map((row) => row.deprecatedMethods)).toEqual([[], [], [], []]);
  });
});
