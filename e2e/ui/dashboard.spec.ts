import { expect, test, type Page } from "@playwright/test";
import { fakeSha, makeInventory } from "../../test/factories/inventory";
import { readyChart } from "../fixtures/layout";
import { postScan, seedProject, type SeededProject } from "../fixtures/projects";

const DAY = 86_400_000;
const names = (count: number, prefix = "Core") => [
  "UserExecutionEngine",
  ...Array.from({ length: count - 1 }, (_, i) => `${prefix}${i + 1}ExecutionEngine`),
];

/** Four weekly scans ending yesterday: 20, 18, 17, 14 members, all counted, target 8. */
async function seedSeries(request: Parameters<typeof postScan>[0], project: SeededProject) {
  const last = Math.floor(Date.now() / DAY) * DAY - DAY;
  const counts = [20, 18, 17, 14];
  const scans = counts.map((count, week) =>
    makeInventory({
      sha: fakeSha(`${project.slug}-${week}`),
      date: new Date(last - (counts.length - 1 - week) * 7 * DAY).toISOString(),
      memberNames: names(count),
      target: 8,
      phases: [{ name: "Logic consolidation", due: new Date(last + 60 * DAY).toISOString().slice(0, 10), target: 10 }],
    }),
  );
  for (const scan of scans) expect((await postScan(request, project, scan)).status()).toBe(201);
  return { last, scans };
}

/** The lazily loaded chart, once it says it has drawn: no guessed delay, however loaded the machine. */
const chart = (page: Page) => readyChart(page);

test("the forecast date matches the hand-computed least-squares ETA", async ({ page, request }) => {
  const project = seedProject("fc");
  const { last } = await seedSeries(request, project);
  // x = 0, 7, 14, 21 days; y = 20, 18, 17, 14: Sxy = -66.5, Sxx = 245, slope = -0.27142857/day.
  // From the latest count 14 to the target 8: 6 / 0.27142857 = 22.105 days after the latest scan.
  const eta = new Date(last + ((6 * 245) / 66.5) * DAY).toISOString().slice(0, 10);
  await page.goto(`/p/${project.slug}`);
  await expect(page.getByTestId("forecast-eta")).toHaveText(eta);
  await expect(page.getByTestId("metric-eta")).toContainText(eta);
  await expect(page.getByTestId("metric-delta")).toContainText("-3");
});

test("the stack toggle and the range change the chart and the URL, and the URL reproduces the view", async ({ page, request }) => {
  const project = seedProject("view");
  await seedSeries(request, project);
  await page.goto(`/p/${project.slug}`);
  const figure = await chart(page);
  await expect(figure.locator(".recharts-legend-wrapper")).toContainText("Core duplicate");

  await page.getByRole("group", { name: "Stack by" }).getByRole("button", { name: "By phase" }).click();
  await expect(page).toHaveURL(/[?&]stack=phase/);
  await expect(figure.locator(".recharts-legend-wrapper")).toContainText("Unphased");
  await expect(figure.locator(".recharts-legend-wrapper")).not.toContainText("Core duplicate");

  await page.getByRole("group", { name: "Range" }).getByRole("button", { name: "4w" }).click();
  await expect(page).toHaveURL(/[?&]range=4w/);
  // The oldest scan is 22 days old, so all four fall inside the last four weeks.
  await expect(page.getByTestId("scan-count")).toHaveText("4 of 4 scans shown");
  await page.getByLabel("Granularity").selectOption("month");
  await expect(page).toHaveURL(/[?&]granularity=month/);
  await expect(page.getByTestId("scan-count")).toHaveText(/^[12] of 4 scans shown$/);
  const shownMonthly = await page.getByTestId("scan-count").textContent();
  const dotsMonthly = await figure.locator(".scan-dot").count();

  const url = page.url();
  await page.goto(url);
  const reloaded = await chart(page);
  await expect(page.getByRole("group", { name: "Stack by" }).getByRole("button", { name: "By phase" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByRole("group", { name: "Range" }).getByRole("button", { name: "4w" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("scan-count")).toHaveText(shownMonthly ?? "");
  await expect(reloaded.locator(".scan-dot")).toHaveCount(dotsMonthly);
  await expect(reloaded.locator(".recharts-legend-wrapper")).toContainText("Unphased");
});

test("clicking a chart point opens that scan", async ({ page, request }) => {
  const project = seedProject("click");
  const { scans } = await seedSeries(request, project);
  await page.goto(`/p/${project.slug}`);
  const figure = await chart(page);
  const second = scans[1]!;
  await figure.locator(`.scan-dot[data-sha="${second.commit.sha}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/p/${project.slug}/scans/${second.commit.sha}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Scan ${second.commit.sha.slice(0, 7)}`);
  await expect(page.getByTestId("scan-count-target")).toContainText("18 / 8");
});

test("compare lists exactly the added and removed members, and the engine page shows its life", async ({ page, request }) => {
  const project = seedProject("cmp");
  const before = makeInventory({
    sha: fakeSha(`${project.slug}-a`),
    date: "2026-10-01T09:00:00Z",
    memberNames: [...names(4), "LegacyOneExecutionEngine", "LegacyTwoExecutionEngine"],
  });
  const after = makeInventory({
    sha: fakeSha(`${project.slug}-b`),
    date: "2026-10-09T09:00:00Z",
    memberNames: [...names(4), "FreshExecutionEngine"],
  });
  for (const scan of [before, after]) expect((await postScan(request, project, scan)).status()).toBe(201);

  await page.goto(`/p/${project.slug}/compare?from=${before.commit.sha}&to=2026-10-09`);
  await expect(page.getByTestId("diff-added").getByRole("listitem")).toHaveText([/^FreshExecutionEngine/]);
  await expect(page.getByTestId("diff-removed").getByRole("listitem")).toHaveText([
    /^LegacyOneExecutionEngine/,
    /^LegacyTwoExecutionEngine/,
  ]);
  await expect(page.getByTestId("diff-moved")).toContainText("None");

  await page.getByTestId("diff-removed").getByRole("link", { name: "LegacyOneExecutionEngine" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("LegacyOneExecutionEngine");
  await expect(page.getByTestId("engine-last-seen")).toContainText("Removed in");
  await expect(page.getByTestId("engine-last-seen")).toContainText(after.commit.sha.slice(0, 7));

  const csv = await request.get(`/api/v1/projects/${project.slug}/compare?from=${before.commit.sha}&to=${after.commit.sha}&format=csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("change,name,key,file,line,from,to");
  expect(lines.slice(1).map((line) => line.split(",").slice(0, 2).join(","))).toEqual([
    "added,FreshExecutionEngine",
    "removed,LegacyOneExecutionEngine",
    "removed,LegacyTwoExecutionEngine",
  ]);
});

test("an unknown engine is a 404 and a project without scans explains how to post one", async ({ page }) => {
  const project = seedProject("empty");
  await page.goto(`/p/${project.slug}`);
  await expect(page.getByTestId("empty-project")).toContainText(`/api/v1/projects/${project.slug}/scans`);
  const response = await page.goto(`/p/${project.slug}/engines/no/such.py::Engine`);
  expect(response?.status()).toBe(404);
});

test("the project page in light and dark mode (screenshots saved as artifacts)", async ({ page }, testInfo) => {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto("/p/demo");
    await chart(page);
    const path = testInfo.outputPath(`project-page-${colorScheme}.png`);
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(`project-page-${colorScheme}`, { path, contentType: "image/png" });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(colorScheme === "dark" ? "rgb(15, 18, 23)" : "rgb(255, 255, 255)");
  }
});

test("a range with no scans says which is the latest and offers the range that shows it", async ({ page, request }) => {
  const project = seedProject("stale");
  const latest = Date.now() - 100 * DAY;
  for (const week of [2, 1, 0]) {
    const scan = makeInventory({
      sha: fakeSha(`${project.slug}-${week}`),
      date: new Date(latest - week * 7 * DAY).toISOString(),
      memberNames: names(10 - week),
    });
    expect((await postScan(request, project, scan)).status()).toBe(201);
  }
  await page.goto(`/p/${project.slug}?range=4w`);
  const notice = page.getByTestId("empty-range");
  const latestDay = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "2-digit", timeZone: "UTC" }).format(
    new Date(latest),
  );
  await expect(notice).toContainText(`No scans in the last 4 weeks; the latest is from ${latestDay}.`);
  await expect(page.getByRole("figure", { name: /Count toward target over time/ })).toHaveCount(0);

  // 100 days back: 12 weeks (84 days) is too short, 6 months is the smallest range that shows it.
  await notice.getByRole("button", { name: "Show the last 6 months" }).click();
  await expect(page).toHaveURL(/[?&]range=6m/);
  const figure = await chart(page);
  await expect(figure.locator(".scan-dot")).toHaveCount(3);
  await expect(page.getByTestId("scan-count")).toHaveText("3 of 3 scans shown");
});
