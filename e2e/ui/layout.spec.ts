import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type { CommittedInventory } from "@/lib/contract/inventory";
import { measureLayout, readyChart, waitForCharts } from "../fixtures/layout";
import { postScan, seedProject, type SeededProject } from "../fixtures/projects";
import { realShapedHistory } from "../fixtures/real-shaped";

/** Screenshots for people to look at; not committed, not compared. */
const SCREENS = process.env.SCREENS_DIR ?? "/work/screens";

let project: SeededProject;
let history: CommittedInventory[];

test.beforeAll(async ({ request }) => {
  project = seedProject("layout");
  history = realShapedHistory({ seed: project.slug });
  for (const inventory of history) expect((await postScan(request, project, inventory)).status()).toBe(201);
});

interface PageCase {
  name: string;
  path: () => string;
  charts: number;
}

const primaryKey = () => history.at(-1)!.members.find((member) => member.classification === "primary")!.key;

const PAGES: PageCase[] = [
  { name: "project", path: () => `/p/${project.slug}`, charts: 1 },
  { name: "scan", path: () => `/p/${project.slug}/scans/${history.at(-1)!.commit.sha}`, charts: 0 },
  { name: "engine", path: () => `/p/${project.slug}/engines/${primaryKey()}`, charts: 1 },
  { name: "compare", path: () => `/p/${project.slug}/compare?from=${history[0]!.commit.sha}&to=${history.at(-1)!.commit.sha}`, charts: 0 },
  { name: "report", path: () => `/p/${project.slug}/report?at=${history.at(-1)!.commit.sha}&since=${history[0]!.commit.sha}`, charts: 1 },
];

async function open(page: Page, pageCase: PageCase) {
  const response = await page.goto(pageCase.path());
  expect(response?.status()).toBe(200);
  await waitForCharts(page, pageCase.charts);
}

async function expectCleanLayout(page: Page) {
  const report = await measureLayout(page);
  expect(report.overlaps, "no two text boxes overlap").toEqual([]);
  expect(report.escapes, "no text runs out of its table cell").toEqual([]);
  expect(report.clippedLabels, "chart labels are inside their chart").toEqual([]);
  expect(report.scrollWidth, "the page does not scroll sideways").toBeLessThanOrEqual(report.clientWidth);
  // Only the members table may be wider than its box (it scrolls there, its name column sticky); the rest fits.
  expect(report.scrolling.filter((box) => box !== "Members table" && box !== "Current members" && box !== "Members")).toEqual([]);
}

for (const width of [1280, 1440]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });
    for (const pageCase of PAGES) {
      test(`the ${pageCase.name} page fits real data without overflow or overprinting`, async ({ page }) => {
        await open(page, pageCase);
        await expectCleanLayout(page);
        if (width === 1440) {
          mkdirSync(SCREENS, { recursive: true });
          await page.screenshot({ path: `${SCREENS}/${pageCase.name}-1440.png`, fullPage: true });
        }
      });
    }
  });
}

test.describe("in print (A4 width)", () => {
  test.use({ viewport: { width: 794, height: 1123 } });
  for (const pageCase of PAGES) {
    test(`the ${pageCase.name} page prints without horizontal overflow`, async ({ page }) => {
      await page.emulateMedia({ media: "print" });
      await open(page, pageCase);
      const report = await measureLayout(page);
      expect(report.scrollWidth).toBeLessThanOrEqual(report.clientWidth);
      expect(report.overlaps).toEqual([]);
      if (pageCase.name === "report") await page.screenshot({ path: `${SCREENS}/report-print.png`, fullPage: true });
    });
  }
});

test.describe("names and members on real data", () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("every page leads with names and definitions", async ({ page }) => {
    const latest = history.at(-1)!;
    const first = history[0]!;
    const headline = (inventory: CommittedInventory) => `${inventory.totals.names} names (${inventory.totals.members} definitions)`;
    expect(latest.totals.members).toBe(40);

    await page.goto(`/p/${project.slug}`);
    await expect(page.getByTestId("headline-count")).toHaveText(headline(latest));
    await page.goto(`/p/${project.slug}/scans/${latest.commit.sha}`);
    await expect(page.getByTestId("scan-headline")).toHaveText(headline(latest));
    await page.goto(`/p/${project.slug}/compare?from=${first.commit.sha}&to=${latest.commit.sha}`);
    await expect(page.getByTestId("compare-headline")).toHaveText(`${headline(first)} → ${headline(latest)}`);
    await page.goto(`/p/${project.slug}/report?at=${latest.commit.sha}&since=${first.commit.sha}`);
    await expect(page.getByTestId("report-headline")).toHaveText(headline(latest));
  });

  test("the members table marks names defined more than once and keeps the name column in view", async ({ page }) => {
    await page.goto(`/p/${project.slug}/scans/${history.at(-1)!.commit.sha}`);
    const table = page.getByTestId("members-table");
    await expect(table.locator('tr[data-member="ToolExecutionEngine"]')).toHaveCount(3);
    await expect(table.locator('tr[data-member="ToolExecutionEngine"] .dup-mark').first()).toHaveText("×3");
    await expect(table.locator('tr[data-member="UserExecutionEngine"] .dup-mark')).toHaveCount(0);
    await expect(page.getByTestId("members-headline")).toContainText("2 names are defined more than once");

    // Scrolled sideways inside its own box, the member name stays where it was.
    const scroller = page.getByRole("region", { name: "Members table" });
    const nameCell = table.locator("tbody tr").first().locator("td").first();
    const before = await nameCell.boundingBox();
    await scroller.evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
    const after = await nameCell.boundingBox();
    expect(after?.x).toBe(before?.x);

    // A shortened path keeps the whole path in its title.
    const path = table.locator(".path[title]").first();
    const full = await path.getAttribute("title");
    expect(full?.length).toBeGreaterThan(90);
    expect((await path.textContent())?.length).toBeLessThan(full?.length ?? 0);
  });

  test("the chart stacks counted members only, and its legend lists the areas in class order, then the lines", async ({ page }) => {
    await page.goto(`/p/${project.slug}`);
    const figure = await readyChart(page);
    await expect(figure.getByTestId("chart-legend").locator("li")).toHaveText([
      "Primary",
      "Core duplicate",
      "Adapter / wrapper",
      "Factory / builder",
      "Legacy / redirect",
      "Interface / abstract",
      "Count toward target",
      "Target",
      "Forecast",
      "Support (not counted)",
    ]);
    // The stack's top edge meets the count line at the latest scan.
    const latest = history.at(-1)!;
    const dot = figure.locator(`.scan-dot[data-sha="${latest.commit.sha}"]`);
    const cy = Number(await dot.getAttribute("cy"));
    const topArea = figure.locator(".recharts-area-curve").last();
    const path = (await topArea.getAttribute("d")) ?? "";
    const lastY = Number(
      path
        .trim()
        .split(/[ ,LM]+/)
        .filter(Boolean)
        .at(-1),
    );
    expect(Math.abs(lastY - cy)).toBeLessThan(1);
  });

  test("the engine page separates the members that delegate to it and labels its LOC axis in full", async ({ page }) => {
    await page.goto(`/p/${project.slug}/engines/${primaryKey()}`);
    await waitForCharts(page, 1);
    const delegatedBy = page.getByTestId("delegated-by");
    const links = await delegatedBy.getByRole("link").count();
    expect(links).toBeGreaterThan(5);
    // "Delegated to by: A, B, C": one separator between each pair of links.
    expect(((await delegatedBy.textContent()) ?? "").split(", ")).toHaveLength(links);
    // LOC 1,240: the axis reads "1,400", "1,050", …, never ".400".
    const ticks = page.getByRole("figure", { name: /Lines of code/ }).locator(".recharts-cartesian-axis-tick-value");
    await expect(ticks.filter({ hasText: /^\d{1,3}(,\d{3})+$/ }).first()).toBeVisible();
    expect((await ticks.allTextContents()).filter((tick) => tick.startsWith("."))).toEqual([]);
  });
});
