import { expect, test } from "@playwright/test";
import { RepositoryListResponseSchema, RepositoryOverviewSchema, RepositoryReportSchema } from "@/lib/contract/repository";
import { ErrorBodySchema } from "@/lib/contract/responses";
import { FOUR_FAMILIES, postPortfolios, type SeededRepository, seedRepository, weeklyPortfolios } from "../fixtures/repositories";

let repository: SeededRepository;
const HOSTILE = "Pipes | and <img src=x onerror=alert(1)> `ticks` [link](javascript:alert(1))";

test.beforeAll(async ({ request }) => {
  repository = seedRepository("e2e-ra", `Repo ${HOSTILE}`);
  const families = [...FOUR_FAMILIES.slice(0, 3), { ...FOUR_FAMILIES[3]!, name: HOSTILE }];
  const response = await postPortfolios(request, repository, weeklyPortfolios(repository.slug, families));
  expect(response.status(), await response.text()).toBeLessThan(300);
});

test("the overview: one row per family, the summary and the combined weekly chart", async ({ request }) => {
  const response = await request.get(`/api/v1/repositories/${repository.slug}`);
  expect(response.status()).toBe(200);
  const overview = RepositoryOverviewSchema.parse(await response.json());
  expect(overview.families.map((row) => [row.family, row.project, row.status, row.latest?.counted, row.target, row.change])).toEqual([
    ["agents", `${repository.slug}--agents`, "done", 2, 3, -1],
    ["database", `${repository.slug}--database`, "at-risk", 4, 1, 0],
    ["logging", `${repository.slug}--logging`, "at-risk", 6, 5, 2],
    ["websocket", `${repository.slug}--websocket`, "on-track", 3, 2, -2],
  ]);
  expect(overview.summary).toMatchObject({ families: 4, counted: 15, target: 11, change: -1, headline: "4 consolidations · 1 on track" });
  expect(overview.combined.map((point) => [point.total, point.target])).toEqual([
    [18, 11],
    [16, 11],
    [15, 11],
  ]);
  const list = RepositoryListResponseSchema.parse(await (await request.get("/api/v1/repositories")).json());
  expect(list.repositories.find((card) => card.repository.slug === repository.slug)?.projects).toEqual(
    ["agents", "database", "logging", "websocket"].map((family) => `${repository.slug}--${family}`),
  );
});

test("unknown repositories and bad parameters get the one error body", async ({ request }) => {
  for (const [path, status] of [
    ["/api/v1/repositories/there-is-none", 404],
    ["/api/v1/repositories/there-is-none/report", 404],
    [`/api/v1/repositories/${repository.slug}?extra=1`, 400],
    [`/api/v1/repositories/${repository.slug}/report?at=not-a-ref`, 400],
    [`/api/v1/repositories/${repository.slug}/report?at=2001-01-01`, 404],
  ] as const) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(status);
    expect(ErrorBodySchema.parse(await response.json()).error.status).toBe(status);
  }
});

test("the weekly report in JSON and markdown covers every family, names escaped", async ({ request }) => {
  const json = RepositoryReportSchema.parse(await (await request.get(`/api/v1/repositories/${repository.slug}/report`)).json());
  expect(json.rows.map((row) => [row.family, row.before, row.now, row.change])).toEqual([
    ["agents", 3, 2, -1],
    ["database", 4, 4, 0],
    ["logging", 4, 6, 2],
    ["websocket", 5, 3, -2],
  ]);
  expect(json.families.every((family) => family.report !== null)).toBe(true);
  const response = await request.get(`/api/v1/repositories/${repository.slug}/report?format=md&at=${json.at.sha}`);
  expect(response.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
  const markdown = await response.text();
  for (const name of ["Database layer", "Logging", "WebSocket manager"]) expect(markdown).toContain(`### ${name}`);
  expect(markdown).not.toContain("<img");
  expect(markdown).not.toContain("[link](javascript:");
  expect(markdown).toContain("### Pipes \\| and &lt;img src=x onerror=alert(1)&gt;");
  expect(markdown).toContain("[tracking issue](https://github.com/example/repo/issues/680)");
});

test("the repository badge says how many consolidations are on track, with the project badge's caching", async ({ request }) => {
  const response = await request.get(`/r/${repository.slug}/badge.svg`);
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-type"]).toBe("image/svg+xml; charset=utf-8");
  expect(headers["cache-control"]).toBe("public, max-age=300, s-maxage=300");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  const svg = await response.text();
  expect(svg).toContain("<title>ssot: 4 consolidations &#183; 1 on track</title>");
  const again = await request.get(`/r/${repository.slug}/badge.svg`, { headers: { "if-none-match": headers.etag ?? "" } });
  expect(again.status()).toBe(304);
  const labelled = await (await request.get(`/r/${repository.slug}/badge.svg?label=${encodeURIComponent("<b>&")}`)).text();
  expect(labelled).toContain("<title>&lt;b&gt;&amp;: 4 consolidations &#183; 1 on track</title>");
  expect((await request.get("/r/there-is-none/badge.svg")).status()).toBe(404);
});

test("the repository preview image is a PNG with an ETag", async ({ request }) => {
  const response = await request.get(`/r/${repository.slug}/og.png`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("image/png");
  const body = await response.body();
  expect([...body.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  const again = await request.get(`/r/${repository.slug}/og.png`, { headers: { "if-none-match": response.headers().etag ?? "" } });
  expect(again.status()).toBe(304);
});
