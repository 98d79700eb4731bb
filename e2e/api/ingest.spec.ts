import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { CHECK_IDS } from "@/lib/contract/vocabulary";
import { fakeSha, makeInventory } from "../../test/factories/inventory";
import { postScan, seedProject } from "../fixtures/projects";

const errorShape = {
  error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), status: expect.any(Number) }),
};

test.describe("POST /api/v1/projects/{slug}/scans", () => {
  test("a new commit gets 201 with its id and URL; the same commit again gets 200 and one scan", async ({ request }) => {
    const project = seedProject();
    const inventory = makeInventory({ sha: fakeSha(`${project.slug}-a`) });
    const first = await postScan(request, project, inventory);
    expect(first.status()).toBe(201);
    const created = await first.json();
    expect(created.created).toBe(true);
    expect(created.url).toBe(`/p/${project.slug}/scans/${inventory.commit.sha}`);
    expect(created.scan.id).toEqual(expect.any(Number));
    expect(first.headers().location).toBe(created.url);

    const again = await postScan(request, project, inventory);
    expect(again.status()).toBe(200);
    const repeated = await again.json();
    expect(repeated.created).toBe(false);
    expect(repeated.scan.id).toBe(created.scan.id);

    const list = await (await request.get(`/api/v1/projects/${project.slug}/scans`)).json();
    expect(list.scans).toHaveLength(1);
  });

  test("no token gets 401 and a wrong token gets 401, in the one error shape", async ({ request }) => {
    const project = seedProject();
    const body = makeInventory();
    const none = await request.post(`/api/v1/projects/${project.slug}/scans`, { data: body });
    expect(none.status()).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: "unauthorized", status: 401 } });
    const wrong = await postScan(request, { ...project, token: "cvg_not-the-token" }, body);
    expect(wrong.status()).toBe(401);
    expect(await wrong.json()).toMatchObject(errorShape);
  });

  test("a token of another project gets 403", async ({ request }) => {
    const a = seedProject();
    const b = seedProject();
    const response = await postScan(request, { slug: b.slug, token: a.token }, makeInventory());
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
    expect(JSON.stringify(await response.json())).not.toContain(a.token);
  });

  test("an unknown project gets the same 401 as a bad token, so slugs cannot be listed", async ({ request }) => {
    const known = seedProject();
    const unknown = await postScan(request, { slug: "no-such-project", token: "cvg_x" }, makeInventory());
    const badToken = await postScan(request, { slug: known.slug, token: "cvg_x" }, makeInventory());
    expect([unknown.status(), badToken.status()]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await badToken.json());
  });

  test("bad JSON gets 400", async ({ request }) => {
    const project = seedProject();
    const response = await request.post(`/api/v1/projects/${project.slug}/scans`, {
      headers: { authorization: `Bearer ${project.token}`, "content-type": "application/json" },
      data: Buffer.from("{ not json"),
    });
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_json" } });
  });

  test("a schema-invalid body gets 422 listing the fields", async ({ request }) => {
    const project = seedProject();
    const inventory = makeInventory();
    const broken = { ...inventory, commit: { ...inventory.commit, sha: "XYZ" }, members: [{ ...inventory.members[0], line: "ten" }] };
    const response = await request.post(`/api/v1/projects/${project.slug}/scans`, {
      headers: { authorization: `Bearer ${project.token}` },
      data: broken,
    });
    expect(response.status()).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe("invalid_body");
    const paths = body.error.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toContain("commit.sha");
    expect(paths).toContain("members.0.line");
  });

  test("a body over 1 MB gets 413", async ({ request }) => {
    const project = seedProject();
    const response = await request.post(`/api/v1/projects/${project.slug}/scans`, {
      headers: { authorization: `Bearer ${project.token}`, "content-type": "application/json" },
      data: Buffer.from(`{"padding":"${"x".repeat(1024 * 1024 + 10)}"}`),
    });
    expect(response.status()).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  test("a gzip body that inflates past 1 MB gets 413; a small gzip body is accepted", async ({ request }) => {
    const project = seedProject();
    const bomb = gzipSync(Buffer.from(`{"padding":"${"0".repeat(8 * 1024 * 1024)}"}`));
    const rejected = await request.post(`/api/v1/projects/${project.slug}/scans`, {
      headers: { authorization: `Bearer ${project.token}`, "content-type": "application/json", "content-encoding": "gzip" },
      data: bomb,
    });
    expect(rejected.status()).toBe(413);
    const accepted = await request.post(`/api/v1/projects/${project.slug}/scans`, {
      headers: { authorization: `Bearer ${project.token}`, "content-type": "application/json", "content-encoding": "gzip" },
      data: gzipSync(Buffer.from(JSON.stringify(makeInventory()))),
    });
    expect(accepted.status()).toBe(201);
  });

  test("a wrong content type gets 415", async ({ request }) => {
    const project = seedProject();
    const response = await request.post(`/api/v1/projects/${project.slug}/scans`, {
      headers: { authorization: `Bearer ${project.token}`, "content-type": "text/plain" },
      data: Buffer.from(JSON.stringify(makeInventory())),
    });
    expect(response.status()).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
  });
});

test.describe("read API", () => {
  test("lists projects, a project's scans, one scan with its members, and the timeline", async ({ request }) => {
    const project = seedProject();
    const older = makeInventory({ sha: fakeSha(`${project.slug}-1`), date: "2026-10-01T00:00:00Z", members: 6 });
    const newer = makeInventory({ sha: fakeSha(`${project.slug}-2`), date: "2026-10-08T00:00:00Z", members: 4 });
    expect((await postScan(request, project, newer)).status()).toBe(201);
    expect((await postScan(request, project, older)).status()).toBe(201);

    const projects = await (await request.get("/api/v1/projects")).json();
    expect(projects.projects.map((p: { slug: string }) => p.slug)).toContain(project.slug);

    const scans = await (await request.get(`/api/v1/projects/${project.slug}/scans`)).json();
    expect(scans.scans.map((s: { commit: { sha: string } }) => s.commit.sha)).toEqual([newer.commit.sha, older.commit.sha]);

    const shas = await (await request.get(`/api/v1/projects/${project.slug}/scans?fields=sha`)).json();
    expect(shas.commits).toEqual([older.commit.sha, newer.commit.sha]);

    const one = await request.get(`/api/v1/projects/${project.slug}/scans/${older.commit.sha.slice(0, 10)}`);
    expect(one.status()).toBe(200);
    const detail = (await one.json()).scan;
    expect(detail.members.map((m: { name: string }) => m.name).sort()).toEqual(older.members.map((m) => m.name).sort());
    expect(detail.checkResults).toHaveLength(CHECK_IDS.length);
    expect(detail.totals).toEqual(older.totals);

    const timeline = await (await request.get(`/api/v1/projects/${project.slug}/timeline`)).json();
    expect(timeline.points.map((p: { counted: number }) => p.counted)).toEqual([older.totals.counted, newer.totals.counted]);

    const missing = await request.get(`/api/v1/projects/${project.slug}/scans/${"0".repeat(40)}`);
    expect(missing.status()).toBe(404);
    const badQuery = await request.get(`/api/v1/projects/${project.slug}/scans?limit=0`);
    expect(badQuery.status()).toBe(400);
    expect(await badQuery.json()).toMatchObject(errorShape);
  });
});

test("an unknown API route answers in the one error shape", async ({ request }) => {
  const response = await request.get("/api/v1/no-such-thing");
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({
    error: { code: "not_found", status: 404, message: "no API route GET /api/v1/no-such-thing" },
  });
  const post = await request.post("/api/v2/projects/x/scans", { data: {} });
  expect(post.status()).toBe(404);
  expect((await post.json()).error.code).toBe("not_found");
});
