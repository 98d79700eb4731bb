import { expect, test } from "@playwright/test";
import { engineHref } from "@/lib/links";
import { fakeSha, makeInventory } from "../../test/factories/inventory";
import { DOCSTRING_HITS, withReconciliation, withUsages } from "../../test/factories/usages";
import { readyChart } from "../fixtures/layout";
import { postScan, seedProject } from "../fixtures/projects";

// Names from makeInventory: Engine0 primary, Engine1 core, Engine2 adapter, Engine3 factory, Engine4 legacy.
const usage = (week: number) => ({
  Engine0ExecutionEngine: { files: 10 + week, sites: 30 + week },
  Engine1ExecutionEngine: { files: 4 - week, sites: 9 - 2 * week },
  Engine2ExecutionEngine: { files: 0, sites: 0 },
  Engine3ExecutionEngine: { files: 3, sites: 6 - week },
  Engine4ExecutionEngine: { files: 1, sites: 2 },
});

/** A hit whose word is markup: it must stay text on the page. */
const HOSTILE = { file: "pkg/<b>x</b>.py", line: 7, kind: "string" as const, word: "<img src=x onerror=alert(1)>ExecutionEngine" };

test("the project page explains its number, lists the non-member hits, draws the usages series and flags removable members", async ({
  page,
  request,
}) => {
  const project = seedProject("usages");
  const weeks = [1, 2, 3].map((week) =>
    withReconciliation(
      withUsages(
        makeInventory({ sha: fakeSha(`${project.slug}-${week}`), date: `2026-10-${String(week * 7).padStart(2, "0")}T10:00:00Z` }),
        usage(week),
      ),
      [...DOCSTRING_HITS, HOSTILE],
      [{ reason: "excluded by `**/tests/**`", files: 57, hits: 412 }],
    ),
  );
  for (const inventory of weeks) expect((await postScan(request, project, inventory)).status()).toBe(201);

  await page.goto(`/p/${project.slug}`);
  // Legacy usages of the latest scan: 3 (Engine1) + 0 + 3 (Engine3) + 2 (Engine4).
  await expect(page.getByTestId("metric-usages")).toContainText("8");
  await expect(page.getByTestId("metric-usages")).toContainText("11 a week before");

  const why = page.getByTestId("why-this-number");
  await expect(why.getByRole("heading", { name: "Why this number?" })).toBeVisible();
  await expect(why.getByTestId("why-summary")).toHaveText("grep: 4 words on class lines → 3 class names + 1 other");
  await expect(why.getByTestId("why-names")).toHaveText("5");
  await expect(why.getByTestId("why-definitions")).toHaveText("5");
  const kinds = why.getByTestId("why-kinds");
  await expect(kinds.locator('tr[data-kind="definition"] td')).toHaveText("5");
  await expect(kinds.locator('tr[data-kind="docstring"] td')).toHaveText("2");
  await expect(kinds.locator('tr[data-kind="comment"] td')).toHaveText("1");
  await expect(kinds.locator('tr[data-kind="string"] td')).toHaveText("1");
  await expect(kinds.locator('tr[data-kind="unresolved"] td')).toHaveText("1");
  await expect(why.getByTestId("why-excluded")).toHaveText("412 hits in 57 files, excluded by **/tests/**");

  const hits = why.getByTestId("why-hits");
  await hits.getByText("Non-member hits (5)").click();
  const docstrings = hits.locator('tr[data-kind="docstring"]');
  await expect(docstrings).toHaveCount(2);
  await expect(docstrings.nth(0)).toContainText("pkg/engines/factory.py:3");
  await expect(docstrings.nth(0)).toContainText("UserExecutionEngine");
  await expect(docstrings.nth(0).locator("a")).toHaveAttribute(
    "href",
    `https://github.com/example/repo/blob/${weeks[2]?.commit.sha}/pkg/engines/factory.py#L3`,
  );
  await expect(docstrings.nth(1)).toContainText("pkg/engines/engine_1.py:2");
  await expect(docstrings.nth(1)).toContainText("LegacyExecutionEngine");
  // Untrusted words and paths are text, never markup.
  const hostile = hits.locator('tr[data-kind="string"]');
  await expect(hostile).toContainText(HOSTILE.word);
  await expect(hostile.locator("img, b")).toHaveCount(0);

  const chart = await readyChart(page, /Usages still on non-primary members/);
  await expect(chart.locator(".usage-dot")).toHaveCount(3);
  const path = await chart.locator(".recharts-line-curve").last().getAttribute("d");
  expect(path?.length ?? 0).toBeGreaterThan(0);
  expect((path?.match(/[ML]/g) ?? []).length).toBeGreaterThanOrEqual(3);

  const table = page.getByTestId("members-table");
  await expect(table.locator('tr[data-member="Engine2ExecutionEngine"] [data-testid="removable"]')).toHaveText("no usages: removable");
  const used = table.locator('tr[data-member="Engine1ExecutionEngine"] [data-testid="used-by"]');
  await expect(used).toHaveText("used by 1 file");
  await expect(used).toHaveAttribute("title", /^3 sites/);
  await expect(table.locator('tr[data-member="Engine0ExecutionEngine"] [data-testid="removable"]')).toHaveCount(0);

  // The older scan keeps its counts but not its hits; its page says so.
  await page.goto(`/p/${project.slug}/scans/${weeks[0]?.commit.sha}`);
  await expect(page.getByTestId("why-hits-not-kept")).toContainText("5 non-member hits");
  await expect(page.getByTestId("scan-legacy-usages")).toContainText("14");
});

test("scans without usages say not measured, never 0", async ({ page, request }) => {
  const project = seedProject("nousage");
  const inventory = makeInventory({ sha: fakeSha(`${project.slug}-old`) });
  expect((await postScan(request, project, inventory)).status()).toBe(201);
  await page.goto(`/p/${project.slug}`);
  await expect(page.getByTestId("metric-usages")).toContainText("not measured");
  await expect(page.getByTestId("usages-not-measured")).toBeVisible();
  await expect(page.getByTestId("why-not-measured")).toBeVisible();
  await expect(page.getByTestId("members-table").locator(".usage-unmeasured")).toHaveCount(5);
  await expect(page.getByTestId("members-table").locator('[data-testid="removable"]')).toHaveCount(0);
});

test("the engine page charts a member's usages and flags it removable; the weekly report lists usages and removable members", async ({
  page,
  request,
}) => {
  const project = seedProject("usagesreport");
  const weeks = [1, 2].map((week) =>
    withReconciliation(
      withUsages(makeInventory({ sha: fakeSha(`${project.slug}-${week}`), date: `2026-10-0${week * 4}T10:00:00Z` }), usage(week)),
    ),
  );
  for (const inventory of weeks) expect((await postScan(request, project, inventory)).status()).toBe(201);

  await page.goto(engineHref(project.slug, "pkg/engines/engine_2.py::Engine2ExecutionEngine"));
  await expect(page.getByTestId("engine-removable")).toHaveText("no usages: removable");
  await page.goto(engineHref(project.slug, "pkg/engines/engine_1.py::Engine1ExecutionEngine"));
  await expect(page.getByTestId("engine-removable")).toHaveCount(0);
  await expect(page.getByTestId("engine-usages-now")).toContainText("used by 2 files");
  const chart = await readyChart(page, /Usages over time for Engine1ExecutionEngine/);
  expect((await chart.locator(".recharts-line-curve").first().getAttribute("d"))?.length ?? 0).toBeGreaterThan(0);

  await page.goto(`/p/${project.slug}/report`);
  // Week 1: 7 + 0 + 5 + 2; week 2: 5 + 0 + 4 + 2.
  await expect(page.getByTestId("report-usages")).toContainText("11");
  await expect(page.getByTestId("report-usages")).toContainText("before: 14 (-3)");
  await expect(page.getByTestId("report-removable").getByRole("link")).toHaveText(["Engine2ExecutionEngine"]);
});
