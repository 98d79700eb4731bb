import { XMLValidator } from "fast-xml-parser";
import { PNG } from "pngjs";
import { expect, test } from "@playwright/test";
import { CHECK_IDS } from "@/lib/contract/vocabulary";
import { fakeSha, makeInventory } from "../../test/factories/inventory";
import { readyChart } from "../fixtures/layout";
import { postScan, seedProject } from "../fixtures/projects";

const names = (count: number) => ["UserExecutionEngine", ...Array.from({ length: count - 1 }, (_, i) => `Core${i + 1}ExecutionEngine`)];

test("a report permalink shows the same numbers after a newer scan arrives", async ({ page, request }) => {
  const project = seedProject("report");
  const week = (n: number, count: number) =>
    makeInventory({
      sha: fakeSha(`${project.slug}-${n}`),
      date: `2026-10-${String(n * 7).padStart(2, "0")}T10:00:00Z`,
      memberNames: names(count),
      target: 5,
    });
  const [first, second, third] = [week(1, 12), week(2, 10), week(3, 6)];
  for (const scan of [first!, second!]) expect((await postScan(request, project, scan)).status()).toBe(201);

  await page.goto(`/p/${project.slug}/report`);
  await expect(page).toHaveURL(new RegExp(`/p/${project.slug}/report\\?at=${second!.commit.sha}&since=${first!.commit.sha}$`));
  const permalink = page.url();
  const numbers = async () => ({
    count: await page.getByTestId("report-count").textContent(),
    change: await page.getByTestId("report-change").textContent(),
    added: await page.getByTestId("diff-added").textContent(),
    removed: await page.getByTestId("diff-removed").textContent(),
  });
  const before = await numbers();
  expect(before.count).toContain("10 / 5");
  expect(before.change).toContain("-2");
  await expect(page.getByTestId("diff-removed").getByRole("listitem")).toHaveText([/^Core10ExecutionEngine/, /^Core11ExecutionEngine/]);

  expect((await postScan(request, project, third!)).status()).toBe(201);
  await page.goto(permalink);
  expect(await numbers()).toEqual(before);

  await page.goto(`/p/${project.slug}/report`);
  await expect(page).toHaveURL(new RegExp(`at=${third!.commit.sha}`));
  await expect(page.getByTestId("report-count")).toContainText("6 / 5");
});

test("copy as markdown puts the report's markdown on the clipboard", async ({ page, context, request }) => {
  const project = seedProject("md");
  const scan = makeInventory({ sha: fakeSha(`${project.slug}-1`), date: "2026-10-01T10:00:00Z", memberNames: names(4), target: 3 });
  expect((await postScan(request, project, scan)).status()).toBe(201);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/p/${project.slug}/report?at=${scan.commit.sha}`);
  await page.getByTestId("copy-markdown").click();
  await expect(page.getByText("Copied", { exact: true })).toBeVisible();
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  expect(clipboard).toContain(`## E2E ${project.slug}: 4 / 3`);
  expect(clipboard).toContain(`/p/${project.slug}/report?at=${scan.commit.sha}&since=${scan.commit.sha})`);
});

test("the badge is escaped SVG with a CSP, an ETag and statuses for no data and unknown projects", async ({ request }) => {
  const project = seedProject("badge");
  const empty = await request.get(`/p/${project.slug}/badge.svg`);
  expect(empty.status()).toBe(200);
  expect(await empty.text()).toContain(">no data<");

  // Scanned today: an older scan would add "· stale Nd" to the badge.
  const scan = makeInventory({ sha: fakeSha(`${project.slug}-1`), date: new Date().toISOString(), memberNames: names(14), target: 8 });
  expect((await postScan(request, project, scan)).status()).toBe(201);
  const label = `<script>alert("x")</script>&"`;
  const response = await request.get(`/p/${project.slug}/badge.svg?${new URLSearchParams({ label, style: "flat-square" })}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
  expect(response.headers()["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'");
  expect(response.headers()["cache-control"]).toContain("max-age=300");
  const svg = await response.text();
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg).not.toContain("<script");
  expect(svg).toContain("&lt;script&gt;");
  expect(svg).toContain(">14 / 8<");

  const etag = response.headers().etag;
  expect(etag).toBeTruthy();
  const cached = await request.get(`/p/${project.slug}/badge.svg?${new URLSearchParams({ label, style: "flat-square" })}`, {
    headers: { "if-none-match": etag ?? "" },
  });
  expect(cached.status()).toBe(304);

  const checks = await request.get(`/p/${project.slug}/badge.svg?metric=checks`);
  expect(await checks.text()).toMatch(new RegExp(`>\\d+/${CHECK_IDS.length} passing<`));

  const unknown = await request.get("/p/no-such-project/badge.svg");
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toContain(">unknown<");
});

test("project, report and engine pages point og:image at a 1200×630 PNG", async ({ page, request }) => {
  const project = seedProject("og");
  const scan = makeInventory({ sha: fakeSha(`${project.slug}-1`), memberNames: names(5), target: 3 });
  expect((await postScan(request, project, scan)).status()).toBe(201);
  const engineKey = scan.members[1]!.key;
  const pages = [
    { path: `/p/${project.slug}`, image: `/p/${project.slug}/og.png` },
    { path: `/p/${project.slug}/report?at=${scan.commit.sha}`, image: `/p/${project.slug}/og.png?at=${scan.commit.sha}` },
    { path: `/p/${project.slug}/engines/${engineKey}`, image: `/p/${project.slug}/og.png?${new URLSearchParams({ engine: engineKey })}` },
  ];
  for (const { path, image } of pages) {
    await page.goto(path);
    const ogImage = await page.locator('meta[property="og:image"]').getAttribute("content");
    expect(new URL(ogImage ?? "").pathname + new URL(ogImage ?? "").search).toBe(image);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /.+/);
    await expect(page.locator('meta[property="og:description"]')).toHaveAttribute("content", /toward target/);
    await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary_large_image");
    const response = await request.get(image);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("image/png");
    const png = PNG.sync.read(await response.body());
    expect([png.width, png.height]).toEqual([1200, 630]);
  }
});

test("the project page downloads its chart as a PNG and its data as CSV", async ({ page }) => {
  await page.goto("/p/demo");
  await readyChart(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Chart PNG" }).click()]);
  expect(download.suggestedFilename()).toBe("demo-progress.png");
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const png = PNG.sync.read(readFileSync(path));
  expect(png.width).toBeGreaterThan(1000);
  expect(png.height).toBeGreaterThan(500);
  // Not a blank image: the chart's lines and areas put many distinct colours in it.
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
  expect(colours.size).toBeGreaterThan(10);

  const csv = await page.request.get((await page.getByRole("link", { name: "Timeline CSV" }).getAttribute("href")) ?? "");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe(
    "date,sha,counted,target,finalTarget,members,primary,core,adapter,factory,legacy,interface,support,complete,checksFailed,legacyUsages",
  );
  expect(lines).toHaveLength(9);
  // The demo's scans all measured usages: every row ends in a number.
  for (const line of lines.slice(1)) expect(line).toMatch(/,\d+$/);
});
