// The bounded write queue: more concurrent posts than MAX_PENDING_WRITES get a fast 503 with
// Retry-After (the CLI retries those), never a 500, and every accepted scan is stored whole.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { handleScanPost } from "@/lib/api/scans";
import { MAX_PENDING_WRITES } from "@/lib/ingest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { auditStore } from "./audit";
import { seedProject, tally } from "./http";

describe.each(testDialects())("write queue bound on %s", (dialect) => {
  let store: TestDatabase;
  const previousLimit = process.env.CONVERGE_RATE_LIMIT;

  beforeEach(async () => {
    process.env.CONVERGE_RATE_LIMIT = "off";
    store = await createTestDatabase(dialect);
  });

  afterEach(async () => {
    if (previousLimit === undefined) delete process.env.CONVERGE_RATE_LIMIT;
    else process.env.CONVERGE_RATE_LIMIT = previousLimit;
    await store.dispose();
  });

  test(`${MAX_PENDING_WRITES * 2} posts at once: the overflow gets 503 + Retry-After, the rest are stored`, async () => {
    const project = await seedProject(store.db, "overload");
    const posts = Array.from({ length: MAX_PENDING_WRITES * 2 }, (_, i) =>
      handleScanPost(
        store.db,
        new Request("http://127.0.0.1/api/v1/projects/overload/scans", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${project.token}` },
          body: JSON.stringify(makeInventory({ sha: fakeSha(`${dialect}-overload-${i}`), members: 60 })),
        }),
        project.slug,
      ),
    );
    const responses = await Promise.all(posts);
    const counts = tally(responses.map((response) => response.status));
    expect(Object.keys(counts).sort()).toEqual(["201", "503"]);
    expect(counts[201]).toBeGreaterThanOrEqual(MAX_PENDING_WRITES);
    const busy = responses.find((response) => response.status === 503);
    expect(busy?.headers.get("retry-after")).toBe("1");
    expect(await busy?.json()).toEqual({ error: { code: "unavailable", message: expect.any(String), status: 503 } });
    expect(await store.db.scan.count()).toBe(counts[201]);
    expect((await auditStore(store.db)).problems).toEqual([]);
  });
});
