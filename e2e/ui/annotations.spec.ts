import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { computeTotals, type CommittedInventory } from "@/lib/contract/inventory";
import { fakeSha, makeInventory } from "../../test/factories/inventory";
import { readyChart } from "../fixtures/layout";
import { postScan, seedProject, type SeededProject } from "../fixtures/projects";

const NOTE = "Adapters frozen <b>bold</b> [x](javascript:alert(1))";

/** The same family at another commit: some members gone, maybe another target, its own message. */
function scanAt(
  project: SeededProject,
  base: CommittedInventory,
  date: string,
  message: string,
  options: { drop?: "adapter"; target?: number } = {},
): CommittedInventory {
  const members = base.members.filter((member) => member.classification !== options.drop);
  return {
    ...base,
    commit: { ...base.commit, sha: fakeSha(`${project.slug}-${date}`), date: `${date}T10:00:00Z`, message },
    plan: { ...base.plan, target: options.target ?? base.plan.target },
    members,
    totals: computeTotals(members),
  };
}

/** `converge annotate` against the e2e server, as a user would run it. */
function annotate(baseURL: string, project: SeededProject, args: string[]): string {
  return execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "cli/main.ts", "annotate", ...args], {
    env: { ...process.env, CONVERGE_URL: baseURL, CONVERGE_PROJECT: project.slug, CONVERGE_TOKEN: project.token },
    encoding: "utf8",
  });
}

test("a merged pull request, a plan change and a note are three markers with their text, listed in the report", async ({
  page,
  request,
  baseURL,
}) => {
  const project = seedProject("notes");
  const base = makeInventory({ members: 9, target: 6 });
  const scans = [
    // A month before the rest: the report's weekly chart then spans the week of the events.
    scanAt(project, base, "2026-09-01", "Initial import"),
    scanAt(project, base, "2026-10-02", "Merge pull request #1042 from example/drop-adapters", { drop: "adapter" }),
    scanAt(project, base, "2026-10-03", "Lower the target", { drop: "adapter", target: 4 }),
    scanAt(project, base, "2026-10-04", "Tidy the docs", { drop: "adapter", target: 4 }),
  ];
  for (const scan of scans) expect((await postScan(request, project, scan)).status()).toBe(201);
  expect(
    annotate(baseURL ?? "", project, ["--date", "2026-10-03T18:00:00Z", "--text", NOTE, "--url", "https://example.com/freeze"]),
  ).toMatch(/^Added note \d+ to notes-/);

  await page.goto(`/p/${project.slug}`);
  const chart = await readyChart(page);
  const markers = chart.getByTestId("annotation-marker");
  await expect(markers).toHaveCount(3);
  await expect(markers.nth(0)).toHaveAttribute("data-kinds", "pull-request");
  await expect(markers.nth(1)).toHaveAttribute("data-kinds", "plan-change");
  await expect(markers.nth(2)).toHaveAttribute("data-kinds", "note");

  // Hovering a marker shows its text, as text: the posted markup stays inert.
  await markers.nth(2).locator("path").hover();
  const tooltip = page.getByTestId("annotation-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(`Note: ${NOTE}`);
  await expect(tooltip.locator("b")).toHaveCount(0);
  await markers.nth(0).locator("path").hover();
  await expect(tooltip).toContainText("PR #1042 merged: 2 adapters removed");
  await expect(tooltip).not.toContainText(NOTE);

  // The weekly report (since the first scan, the newest one a week older than the last) lists the three events, the note linked to its URL.
  await page.goto(`/p/${project.slug}/report`);
  await expect(page).toHaveURL(/\/report\?at=/);
  const events = page.getByTestId("annotation-list").locator("li");
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toContainText("Pull request: PR #1042 merged: 2 adapters removed");
  await expect(events.nth(1)).toContainText("Plan change: Target lowered from 6 to 4");
  await expect(events.nth(2)).toContainText(`Note: ${NOTE}`);
  await expect(events.nth(2).getByRole("link", { name: NOTE })).toHaveAttribute("href", "https://example.com/freeze");
  await expect(page.getByTestId("annotation-list").locator("b")).toHaveCount(0);
  await expect(await readyChart(page)).toBeVisible();
  await expect(page.getByTestId("annotation-marker")).toHaveCount(3);

  // The markdown copy says the same in one line.
  const permalink = new URL(page.url());
  const markdown = await request.get(`/api/v1/projects/${project.slug}/report?${permalink.searchParams}&format=md`);
  expect(await markdown.text()).toContain(
    "**This week:** PR \\#1042 merged: 2 adapters removed; Target lowered from 6 to 4; Adapters frozen &lt;b&gt;bold&lt;/b&gt; \\[x\\](javascript:alert(1))",
  );
});
