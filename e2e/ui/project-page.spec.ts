import { expect, test } from "@playwright/test";
import { fakeSha, makeInventory } from "../../test/factories/inventory";
import { readyChart } from "../fixtures/layout";
import { postScan, seedProject } from "../fixtures/projects";

test("posting a scan through the API changes the chart and the numbers on the project page", async ({ page, request }) => {
  const project = seedProject("ui");
  const weekly = (week: number, members: number) =>
    makeInventory({ sha: fakeSha(`${project.slug}-${week}`), date: `2026-10-0${week}T10:00:00Z`, members, target: 4 });
  for (const inventory of [weekly(1, 9), weekly(2, 8)]) expect((await postScan(request, project, inventory)).status()).toBe(201);

  await page.goto(`/p/${project.slug}`);
  await expect(page.getByTestId("metric-count")).toContainText("7 / 4");
  const chart = await readyChart(page);
  const countDots = chart.locator(".scan-dot");
  await expect(countDots).toHaveCount(2);
  const countLine = chart.locator(".recharts-line-curve").last();
  const pathBefore = await countLine.getAttribute("d");

  const third = weekly(3, 5);
  expect((await postScan(request, project, third)).status()).toBe(201);

  await page.reload();
  // The chart loads lazily: wait until it has drawn the new scans, as before the post.
  await readyChart(page);
  await expect(page.getByTestId("metric-count")).toContainText(`${third.totals.counted} / 4`);
  await expect(page.getByTestId("scan-count")).toHaveText("3 of 3 scans shown");
  await expect(countDots).toHaveCount(3);
  await expect(countLine).not.toHaveAttribute("d", pathBefore ?? "");
});

test("the demo project serves a chart with one line per series", async ({ page }) => {
  await page.goto("/p/demo");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Execution engine consolidation/);
  const chart = await readyChart(page);
  // One stacked area per counted classification present (support is not counted in the demo's plan), then
  // the count, target and forecast lines and support's own dashed line: each drawn once, each in the legend.
  const legend = chart.getByTestId("chart-legend");
  await expect(legend.locator('li[data-legend^="class:"]')).toHaveCount(6);
  await expect(legend.locator('li[data-legend="class:support"]')).toHaveCount(0);
  await expect(chart.locator(".recharts-area")).toHaveCount(6);
  await expect(legend.locator("li:not([data-legend^='class:'])")).toHaveText([
    "Count toward target",
    "Target",
    "Forecast",
    "Support (not counted)",
  ]);
  await expect(chart.locator(".recharts-line")).toHaveCount(4);
  await expect(chart.locator(".scan-dot")).toHaveCount(8);
  await expect(chart.locator(".scan-dot-incomplete")).toHaveCount(1);
  await expect(page.getByTestId("scan-count")).toHaveText("8 of 8 scans shown");
});

test("the home page lists projects and an unknown slug is a 404", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: /Execution engine consolidation/ })).toBeVisible();
  const response = await page.goto("/p/there-is-no-such-project");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
