import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { createProject, ingestInventory } from "@/lib/ingest";
import { getProjectCards, getProjectHeadline, RECENT_DAYS } from "@/lib/queries";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects } from "../helpers/database";

const names = (count: number) => ["UserExecutionEngine", ...Array.from({ length: count - 1 }, (_, i) => `Core${i + 1}ExecutionEngine`)];
const phases = [
  { name: "Interfaces", due: "2026-02-15", target: 20 },
  { name: "Logic", due: "2026-12-31", target: 10 },
];

describe.each(testDialects())("project cards on %s", (dialect) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await createTestDatabase(dialect));
  });
  afterEach(async () => {
    await dispose();
  });

  test("read only the recent window plus the scans at past due dates, and judge the old phase by them", async () => {
    const project = await createProject(db, { slug: "long", name: "Long history", repoUrl: null, tokenHash: hashToken(generateToken()) });
    const scan = (date: string, count: number) =>
      ingestInventory(db, project, makeInventory({ sha: fakeSha(`long-${date}`), date: `${date}T12:00:00Z`, memberNames: names(count), target: 8, phases }));
    // Months before the window: 30, then 25 on the day before the first phase was due (target 20: missed).
    await scan("2026-01-01", 30);
    await scan("2026-02-14", 25);
    await scan("2026-03-20", 24);
    // The recent window: three weekly scans, 18 → 16 → 15.
    await scan("2026-10-01", 18);
    await scan("2026-10-08", 16);
    await scan("2026-10-15", 15);

    const now = Date.parse("2026-10-16T00:00:00Z");
    const [card] = await getProjectCards(db, now);
    expect(card?.latest?.counted).toBe(15);
    expect(card?.weekAgo?.counted).toBe(16);
    // The Feb scan is outside the 84-day window but kept for the due date; March is dropped.
    expect(card?.sparkline.map((point) => point.counted)).toEqual([25, 18, 16, 15]);
    expect(card?.nextPhase?.name).toBe("Logic");
    expect(RECENT_DAYS).toBe(84);

    const headline = await getProjectHeadline(db, project.id, { now });
    expect(headline.status).toBe("on-track");
    expect(headline.forecast.state).toBe("forecast");
  });
});
