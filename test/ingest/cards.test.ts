import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { createProject, ingestInventory } from "@/lib/ingest";
import { DEMO_PROJECT, seedDemo } from "@/lib/ingest/demo";
import { getProject, getProjectCards, getProjectHeadline, getProjectView, RECENT_DAYS } from "@/lib/queries";
import { projectBadge } from "@/lib/share/badge";
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
      ingestInventory(
        db,
        project,
        makeInventory({ sha: fakeSha(`long-${date}`), date: `${date}T12:00:00Z`, memberNames: names(count), target: 8, phases }),
      );
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

  test("a project whose scans never found a member is empty on the card, the headline, the view and the badge", async () => {
    const project = await createProject(db, { slug: "backends", name: "Backends", repoUrl: null, tokenHash: hashToken(generateToken()) });
    for (const [index, date] of ["2026-10-01", "2026-10-08", "2026-10-15"].entries()) {
      const inventory = makeInventory({ sha: fakeSha(`empty-${index}`), date: `${date}T12:00:00Z`, memberNames: [], target: 1 });
      await ingestInventory(db, project, {
        ...inventory,
        plan: { ...inventory.plan, pattern: "Backend$" },
        files: { ...inventory.files, scanned: 8480 },
      });
    }
    const now = Date.parse("2026-10-16T00:00:00Z");
    const [card] = await getProjectCards(db, now);
    const message = "no members match /Backend$/ in 8,480 files: check pattern, include and exclude";
    expect(card).toMatchObject({ status: "empty", statusDetail: message, stale: null });
    const headline = await getProjectHeadline(db, project.id, { now });
    expect(headline).toMatchObject({ status: "empty", statusDetail: message });
    const view = await getProjectView(db, project, { range: "all", granularity: "scan", stack: "classification", format: "json" }, { now });
    expect(view.status).toBe("empty");
    expect(projectBadge(headline, { metric: "count", style: "flat" })).toMatchObject({
      label: "backends",
      message: "empty",
      color: "#9f9f9f",
    });
  });

  test("a project scanned last 15 days ago says so with its age; counts are in names with definitions beside", async () => {
    const project = await createProject(db, { slug: "stale", name: "Stale", repoUrl: null, tokenHash: hashToken(generateToken()) });
    // "ToolExecutionEngine" twice: 4 definitions, 3 names, 3 counted in the default names unit.
    const memberNames = ["UserExecutionEngine", "ToolExecutionEngine", "ToolExecutionEngine", "OtherExecutionEngine"];
    const inventory = makeInventory({ sha: fakeSha("stale-1"), date: "2026-10-01T12:00:00Z", memberNames, target: 8 });
    const members = inventory.members.map((member, index) =>
      index === 2 ? { ...member, key: `pkg/other/tool.py::${member.name}`, file: "pkg/other/tool.py" } : member,
    );
    await ingestInventory(db, project, { ...inventory, members });
    const [card] = await getProjectCards(db, Date.parse("2026-10-16T13:00:00Z"));
    expect(card?.stale).toMatchObject({ ageDays: 15, label: "stale: last scan 15 days ago" });
    expect(card?.latest).toMatchObject({ counted: 3, names: 3, definitions: 4, countUnit: "names" });
    const [fresh] = await getProjectCards(db, Date.parse("2026-10-05T00:00:00Z"));
    expect(fresh?.stale).toBeNull();
  });

  test("the demo ends this week, counts names, and seeding again writes nothing until the week changes", async () => {
    const scansDir = join(import.meta.dirname, "..", "..", "demo", "scans");
    const now = Date.now();
    const first = await seedDemo(db, scansDir, now);
    expect(first).toMatchObject({ created: 8, moved: 0, existing: 0 });
    expect(first.createdToken).toMatch(/^cvg_/);
    const [card] = await getProjectCards(db, now);
    const latest = Date.parse(card?.latest?.date ?? "");
    expect(latest).toBeLessThanOrEqual(now);
    expect(now - latest).toBeLessThan(7 * 86_400_000);
    expect(card?.stale).toBeNull();
    expect(card?.status).not.toBe("empty");
    expect(card?.latest?.countUnit).toBe("names");
    expect(card?.latest?.definitions).toBeGreaterThan(card?.latest?.names ?? Infinity);
    // The first phase is behind the demo, the next ones ahead of it.
    expect(card?.nextPhase?.due && Date.parse(card.nextPhase.due)).toBeGreaterThan(now);

    expect(await seedDemo(db, scansDir, now + 60_000)).toMatchObject({ createdToken: null, created: 0, moved: 0, existing: 8 });

    // Three weeks later on the same store: the same eight scans move to end in that week.
    const later = now + 21 * 86_400_000;
    expect(await seedDemo(db, scansDir, later)).toMatchObject({ created: 0, moved: 8, existing: 0 });
    const project = await getProject(db, DEMO_PROJECT.slug);
    expect(await db.scan.count({ where: { projectId: project!.id } })).toBe(8);
    const [moved] = await getProjectCards(db, later);
    expect(later - Date.parse(moved?.latest?.date ?? "")).toBeLessThan(7 * 86_400_000);
    expect(moved?.latest?.counted).toBe(card?.latest?.counted);
    expect(moved?.stale).toBeNull();
  });
});
