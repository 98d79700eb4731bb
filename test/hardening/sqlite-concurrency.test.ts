// What lib/db/sqlite-adapter.ts changes about Prisma's better-sqlite3 adapter, measured directly:
// reads see committed data only, writes outside a transaction stay outside it, and a transaction
// holds SQLite's write lock from its first statement (BEGIN IMMEDIATE).
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { sqliteFilePath } from "@/lib/db/url";
import { createProject, ingestInventory } from "@/lib/ingest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

describe("SQLite connection handling", () => {
  let store: TestDatabase;
  let projectId: number;

  beforeEach(async () => {
    store = await createTestDatabase("sqlite");
    projectId = (await createProject(store.db, { slug: "a", name: "A", repoUrl: null, tokenHash: "h" })).id;
  });

  afterEach(async () => {
    await store.dispose();
  });

  test("a read outside a transaction never sees that transaction's uncommitted rows", async () => {
    let seenDuring: string | undefined;
    await expect(
      store.db.$transaction(async (tx) => {
        await tx.project.update({ where: { id: projectId }, data: { name: "uncommitted" } });
        seenDuring = (await store.db.project.findUnique({ where: { id: projectId } }))?.name;
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(seenDuring).toBe("A");
    expect((await store.db.project.findUnique({ where: { id: projectId } }))?.name).toBe("A");
  });

  test("a write outside a transaction waits for it instead of joining it (and surviving its rollback)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = store.db
      .$transaction(async (tx) => {
        await tx.project.update({ where: { id: projectId }, data: { name: "in transaction" } });
        await gate;
        throw new Error("roll back");
      })
      .catch(() => "rolled back");
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = store.db.project.update({ where: { id: projectId }, data: { repoUrl: "https://example.com" } });
    release();
    expect(await transaction).toBe("rolled back");
    await outside;
    const row = await store.db.project.findUnique({ where: { id: projectId } });
    expect(row).toMatchObject({ name: "A", repoUrl: "https://example.com" });
  });

  test("a transaction takes the write lock before its first statement (BEGIN IMMEDIATE)", async () => {
    const other = new Database(sqliteFilePath(store.url), { timeout: 0 });
    try {
      let probe: string | undefined;
      await store.db.$transaction(async (tx) => {
        await tx.project.findUnique({ where: { id: projectId } });
        try {
          other.exec("BEGIN IMMEDIATE; ROLLBACK");
          probe = "free";
        } catch (error) {
          probe = (error as { code?: string }).code;
        }
      });
      expect(probe).toBe("SQLITE_BUSY");
      other.exec("BEGIN IMMEDIATE; ROLLBACK");
    } finally {
      other.close();
    }
  });

  test("concurrent ingests in one process are serialized without errors, and the store stays in WAL mode", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ingestInventory(store.db, { id: projectId, slug: "a" }, makeInventory({ sha: fakeSha(`c${i}`), members: 25 })),
      ),
    );
    expect(results.every((result) => result.created)).toBe(true);
    const raw = new Database(sqliteFilePath(store.url), { readonly: true });
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      raw.close();
    }
  });
});
