import { expect, test } from "@playwright/test";
import { fakeSha, makeInventory } from "../../test/factories/inventory";
import { postScan, seedProject } from "../fixtures/projects";

test("posting a scan through the API changes the chart and the numbers on the project page", async ({ page, request }) => {
  const project = seedProject("ui");
  const first = makeInventory({ sha: fakeSha(`${project.slug}-1`), date: "2026-10-01T10:00:00Z", members: 9, target: 4 });
  expect((await postScan(request, project, first)).status()).toBe(201);

  await page.goto(`/p/${project.slug}`);
  await expect(page.getByTestId("metric-count")).toContainText(String(first.totals.counted));
  const chart = page.getByRole("img", { name: /Count toward target over time/ });
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  await expect(chart.locator(".recharts-line")).toHaveCount(2);
  await expect(chart.locator(".recharts-line-dots circle")).toHaveCount(1);

  const second = makeInventory({ sha: fakeSha(`${project.slug}-2`), date: "2026-10-08T10:00:00Z", members: 5, target: 4 });
  expect((await postScan(request, project, second)).status()).toBe(201);

  await page.reload();
  await expect(page.getByTestId("metric-count")).toContainText(String(second.totals.counted));
  await expect(page.getByTestId("scan-count")).toHaveText("2 scans");
  await expect(chart.locator(".recharts-line-dots circle")).toHaveCount(2);
});

test("the demo project serves a chart with one line per series", async ({ page }) => {
  await page.goto("/p/demo");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Execution engine consolidation/);
  const chart = page.getByRole("img", { name: /Count toward target over time/ });
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  await expect(chart.locator(".recharts-line")).toHaveCount(2);
  await expect(page.getByTestId("scan-count")).toHaveText("8 scans");
});

test("the home page lists projects and an unknown slug is a 404", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: /Execution engine consolidation/ })).toBeVisible();
  const response = await page.goto("/p/there-is-no-such-project");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
