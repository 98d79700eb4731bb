import { expect, type Page, test } from "@playwright/test";
import { measureLayout, waitForCharts } from "../fixtures/layout";
import { FOUR_FAMILIES, postPortfolios, type SeededRepository, seedRepository, weeklyPortfolios } from "../fixtures/repositories";

let repository: SeededRepository;

test.beforeAll(async ({ request }) => {
  repository = seedRepository("e2e-r", "SSOT of the e2e repository");
  const response = await postPortfolios(request, repository, weeklyPortfolios(repository.slug, FOUR_FAMILIES));
  expect(response.status(), await response.text()).toBeLessThan(300);
});

const rows = (page: Page) => page.getByTestId("families-table").locator("tbody tr");

async function familyOrder(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-family") ?? ""));
}

test("the overview lists every family with its status, its change and its tracking issue", async ({ page }) => {
  const response = await page.goto(`/r/${repository.slug}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("SSOT of the e2e repository");
  await expect(page.getByTestId("repository-headline")).toHaveText("4 consolidations · 1 on track");
  await expect(rows(page)).toHaveCount(4);
  const statuses = await rows(page).evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute("data-family"), tr.querySelector("[data-testid=project-status]")?.getAttribute("data-status")]),
  );
  expect(statuses).toEqual([
    ["agents", "done"],
    ["database", "at-risk"],
    ["logging", "at-risk"],
    ["websocket", "on-track"],
  ]);
  await expect(rows(page).locator("[data-testid=family-change]")).toHaveText(["-1", "0", "+2", "-2"]);
  await expect(page.locator("tr[data-family=websocket] [data-testid=issue-link]")).toHaveText("Tracking issue #680");
  await expect(page.locator("tr[data-family=websocket] [data-testid=issue-link]")).toHaveAttribute(
    "href",
    "https://github.com/example/repo/issues/680",
  );
  await expect(page.locator("tr[data-family=database] [data-testid=issue-link]")).toHaveCount(0);
  // What moved this week, biggest first.
  await expect(page.getByTestId("moved-shrank").locator("li")).toHaveText([/WebSocket manager\s+-2/, /Agent registry\s+-1/]);
  await expect(page.getByTestId("moved-grew").locator("li")).toHaveText([/Logging\s+\+2/]);
  await expect(page.getByTestId("moved-stalled").locator("li")).toHaveText([/Database layer\s+±0/]);
  // The combined chart: the total, then stacked by family (state in the URL).
  await waitForCharts(page, 1);
  await page.getByRole("button", { name: "By family" }).click();
  await expect(page).toHaveURL(/[?&]chart=family/);
  await expect(page.locator("#combined-chart [data-testid=chart-legend] li")).toHaveText([
    "Agent registry",
    "Database layer",
    "Logging",
    "WebSocket manager",
    "Sum of targets",
  ]);
});

test("a click on a family opens its page, which links back to the repository and shows its tracking issue", async ({ page }) => {
  await page.goto(`/r/${repository.slug}`);
  await page.locator("tr[data-family=websocket]").getByTestId("family-link").click();
  await expect(page).toHaveURL(new RegExp(`/p/${repository.slug}--websocket$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("WebSocket manager");
  const bar = page.getByTestId("family-bar");
  await expect(bar.getByTestId("issue-link")).toHaveText("Tracking issue #680");
  await bar.getByTestId("repository-link").click();
  await expect(page).toHaveURL(new RegExp(`/r/${repository.slug}$`));
  await expect(rows(page)).toHaveCount(4);
});

test("the URL reproduces sort and filter", async ({ page }) => {
  await page.goto(`/r/${repository.slug}`);
  await page.locator("th button[data-sort=count]").click();
  await expect(page).toHaveURL(/[?&]sort=count/);
  expect(await familyOrder(page)).toEqual(["agents", "websocket", "database", "logging"]);
  await page.locator("th button[data-sort=count]").click();
  await expect(page).toHaveURL(/[?&]dir=desc/);
  expect(await familyOrder(page)).toEqual(["logging", "database", "websocket", "agents"]);
  await page.getByTestId("family-status-filter").selectOption("at-risk");
  await expect(page).toHaveURL(/[?&]status=at-risk/);
  expect(await familyOrder(page)).toEqual(["logging", "database"]);
  await expect(page.getByTestId("family-count")).toHaveText("2 of 4 families");

  const url = page.url();
  const fresh = await page.context().newPage();
  await fresh.goto(url);
  expect(await familyOrder(fresh)).toEqual(["logging", "database"]);
  await expect(fresh.locator("th[aria-sort=descending] button[data-sort=count]")).toHaveCount(1);
  await expect(fresh.getByTestId("family-status-filter")).toHaveValue("at-risk");

  await fresh.goto(`/r/${repository.slug}?sort=change&q=l`);
  expect(await familyOrder(fresh)).toEqual(["database", "logging"]);
  await fresh.close();
});

test("the repository's weekly report has the summary and every family's section", async ({ page }) => {
  await page.goto(`/r/${repository.slug}/report`);
  await expect(page).toHaveURL(/\/report\?at=[0-9a-f]{40}$/);
  await expect(page.getByTestId("report-headline")).toHaveText("4 consolidations · 1 on track");
  await expect(page.getByTestId("report-summary").locator("tbody tr")).toHaveCount(4);
  const sections = page.getByTestId("family-section");
  await expect(sections).toHaveCount(4);
  await expect(sections.locator("h2 a")).toHaveText(["Agent registry", "Database layer", "Logging", "WebSocket manager"]);
  await expect(page.locator("[data-testid=family-section][data-family=websocket]")).toContainText("websocket4Manager");
  await expect(page.locator("[data-testid=family-section][data-family=agents] [data-testid=issue-link]")).toHaveText(
    "Tracking issue #1116",
  );
});

test("the home page groups the repository's families under it", async ({ page }) => {
  await page.goto("/");
  const group = page.locator(`[data-testid=repository-group][data-repository="${repository.slug}"]`);
  await expect(group.getByRole("heading", { level: 2 })).toContainText("SSOT of the e2e repository");
  await expect(group.locator("tbody tr")).toHaveCount(4);
  await expect(page.getByTestId("projects-table").locator(`tr[data-project^="${repository.slug}--"]`)).toHaveCount(0);
});

test.describe("at 1280 px with long names and slugs", () => {
  test.use({ viewport: { width: 1280, height: 900 } });
  let long: SeededRepository;

  test.beforeAll(async ({ request }) => {
    long = seedRepository("e2e-long", `Consolidation${"VeryLongRepositoryName".repeat(8)}`);
    const stem = "WebSocketConnectionLifecycleManagerFactoryRegistryAdapter";
    const families = [
      {
        slug: `f-${"a".repeat(40)}`,
        name: `${stem}${"Unbroken".repeat(12)}`,
        target: 1,
        issue: `https://github.com/example/${"really-long-organisation-name".repeat(3)}/repo/issues/123456`,
        counts: [9, 8, 7],
        stem,
      },
      { slug: `f-${"b".repeat(40)}`, name: "Short", target: 2, issue: null, counts: [3, 3, 3] },
      {
        slug: "c",
        name: `Family with a long name made of many words ${"and more words ".repeat(8)}`,
        target: 1,
        issue: null,
        counts: [2, 4, 6],
      },
      { slug: "d", name: "D", target: 1, issue: null, counts: [1, 1, 1] },
    ];
    const response = await postPortfolios(request, long, weeklyPortfolios(long.slug, families));
    expect(response.status(), await response.text()).toBeLessThan(300);
  });

  for (const [name, path, charts] of [
    ["overview", () => `/r/${long.slug}`, 1],
    ["report", () => `/r/${long.slug}/report`, 0],
    ["family page", () => `/p/${long.slug}--f-${"a".repeat(40)}`, 1],
    ["home", () => "/", 0],
  ] as const) {
    test(`the ${name} does not overflow`, async ({ page }) => {
      const response = await page.goto(path());
      expect(response?.status()).toBe(200);
      await waitForCharts(page, charts);
      const report = await measureLayout(page);
      expect(report.scrollWidth, "the page does not scroll sideways").toBeLessThanOrEqual(report.clientWidth);
      expect(report.escapes, "no text runs out of its table cell").toEqual([]);
      expect(report.overlaps, "no two text boxes overlap").toEqual([]);
    });
  }
});
