// Parsing on worker threads must not change a backfill: the same inventories, byte for byte, as
// parsing every file version on the main thread.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { planBackfill, runBackfill, type BackfillOptions, type BackfillStats } from "@/lib/history";
import { buildHistoryFixture, type HistoryFixture } from "./fixture";

async function backfill(options: BackfillOptions): Promise<{ lines: string[]; stats: BackfillStats }> {
  const plan = await planBackfill(options);
  const run = runBackfill(plan, options);
  const lines: string[] = [];
  for await (const event of run.events) lines.push(event.kind === "scan" ? event.json : `${event.kind} ${event.commit.sha}`);
  return { lines, stats: run.stats() };
}

describe("backfill with parsing workers", () => {
  let fixture: HistoryFixture;

  beforeAll(() => {
    fixture = buildHistoryFixture();
  });

  afterAll(() => fixture.dispose());

  test.each(["commit", "week"] as const)("--every %s: the same inventories with and without the pool", async (every) => {
    const base: BackfillOptions = { repo: fixture.dir, every, cacheDir: null };
    const inThread = await backfill({ ...base, workers: 0 });
    const pooled = await backfill({ ...base, workers: 2 });

    expect(inThread.stats.blobsParsedByWorkers).toBe(0);
    // The workers really parsed (the main thread only helps with what is still queued).
    expect(pooled.stats.blobsParsedByWorkers).toBeGreaterThan(0);
    expect(pooled.stats.blobsParsed).toBe(inThread.stats.blobsParsed);
    expect(pooled.lines.length).toBeGreaterThan(1);
    expect(pooled.lines).toEqual(inThread.lines);
  });
});
