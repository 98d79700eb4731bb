// Every JSON body the API sends, from the real route handlers on a real store, against its response
// schema in lib/contract/responses.ts: each parses, and parsing keeps every field (nothing the schema
// does not describe, nothing of another type). Both stores, since their clients build the rows.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { z } from "zod";
import { GET as getProjectsRoute } from "@/app/api/v1/projects/route";
import { GET as getProjectRoute } from "@/app/api/v1/projects/[slug]/route";
import { GET as getChecksRoute } from "@/app/api/v1/projects/[slug]/checks/route";
import { GET as getCompareRoute } from "@/app/api/v1/projects/[slug]/compare/route";
import { GET as getEngineRoute } from "@/app/api/v1/projects/[slug]/engines/[...key]/route";
import { GET as getMembersRoute } from "@/app/api/v1/projects/[slug]/members/route";
import { GET as getReportRoute } from "@/app/api/v1/projects/[slug]/report/route";
import { GET as getScanRoute } from "@/app/api/v1/projects/[slug]/scans/[commit]/route";
import { DELETE as deleteScansRoute, GET as getScansRoute, POST as postScanRoute } from "@/app/api/v1/projects/[slug]/scans/route";
import { GET as getTimelineRoute } from "@/app/api/v1/projects/[slug]/timeline/route";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory } from "@/lib/contract/inventory";
import {
  ChecksResponseSchema,
  CommitListResponseSchema,
  EngineHistorySchema,
  ErrorBodySchema,
  MembersResponseSchema,
  ProjectListResponseSchema,
  ProjectResponseSchema,
  ProjectViewSchema,
  ScanComparisonSchema,
  ScanDetailResponseSchema,
  ScanListResponseSchema,
  ScanPostResponseSchema,
  ScansDeleteResponseSchema,
  WeeklyReportSchema,
} from "@/lib/contract/responses";
import { createProject, ingestInventory } from "@/lib/ingest";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";

const SLUG = "engines";
const ORIGIN = "http://converge.test";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

function call<P>(handler: Handler<P>, path: string, params: P, init: RequestInit = {}): Promise<Response> {
  return handler(new Request(`${ORIGIN}${path}`, init), { params: Promise.resolve(params) });
}

/** The body parses with its schema, and the parsed body is the body: no field left out of the schema. */
async function expectBody<S extends z.ZodType>(response: Response, status: number, schema: S): Promise<z.output<S>> {
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body).slice(0, 500)).toBe(status);
  const parsed = schema.parse(body);
  expect(parsed).toEqual(body);
  return parsed;
}

/** Four weekly scans: members come and go, one changes class, one moves file, the plan has a phase. */
function history(): CommittedInventory[] {
  const phases = [{ name: "interfaces", due: "2026-10-20", target: 6 }];
  const weeks = ["2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22"];
  return weeks.map((day, week) => {
    const inventory = makeInventory({ sha: fakeSha(`week-${week}`), date: `${day}T12:00:00Z`, members: 9 - week, phases, target: 4 });
    const moved = inventory.members[1];
    if (week >= 2 && moved) moved.file = "pkg/engines/moved.py";
    return inventory;
  });
}

describe.each(testDialects())("API responses match the contract on %s", (dialect) => {
  let store: TestDatabase;
  let token: string;
  let previousUrl: string | undefined;
  const scans = history();
  const latest = scans.at(-1) as CommittedInventory;
  const first = scans[0] as CommittedInventory;

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
    // The routes reach the store through getDb(), which follows DATABASE_URL.
    previousUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = store.url;
    token = generateToken();
    const project = await createProject(store.db, { slug: SLUG, name: "Engines", repoUrl: null, tokenHash: hashToken(token) });
    for (const inventory of scans.slice(0, -1)) await ingestInventory(store.db, project, inventory);
  });

  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
    await globalThis.convergeDb?.db.$disconnect();
    globalThis.convergeDb = undefined;
    await store?.dispose();
  });

  test("POST scans: 201 for a new scan, 200 when stored already; DELETE: the count", async () => {
    const post = (query = "") =>
      call(
        postScanRoute,
        `/api/v1/projects/${SLUG}/scans${query}`,
        { slug: SLUG },
        {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(latest),
        },
      );
    const created = await expectBody(await post(), 201, ScanPostResponseSchema);
    expect(created).toMatchObject({ created: true, replaced: false, scan: { commit: { sha: latest.commit.sha } } });
    expect(await expectBody(await post(), 200, ScanPostResponseSchema)).toMatchObject({ created: false, replaced: false });
    expect(await expectBody(await post("?replace=1"), 200, ScanPostResponseSchema)).toMatchObject({ created: true, replaced: true });

    const extra = makeInventory({ sha: fakeSha("extra"), date: "2026-09-01T12:00:00Z" });
    const project = { id: (await store.db.project.findUniqueOrThrow({ where: { slug: SLUG } })).id, slug: SLUG };
    await ingestInventory(store.db, project, extra);
    const deleted = await call(
      deleteScansRoute,
      `/api/v1/projects/${SLUG}/scans?since=2026-09-01&until=2026-09-01`,
      { slug: SLUG },
      {
        method: "DELETE",
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(await expectBody(deleted, 200, ScansDeleteResponseSchema)).toEqual({ deleted: 1 });
  });

  test("projects, project, scans (summaries and SHAs) and one scan", async () => {
    const list = await expectBody(await call(getProjectsRoute, "/api/v1/projects", {}), 200, ProjectListResponseSchema);
    expect(list.projects.map((card) => card.slug)).toEqual([SLUG]);
    const project = await expectBody(await call(getProjectRoute, `/api/v1/projects/${SLUG}`, { slug: SLUG }), 200, ProjectResponseSchema);
    expect(project.latestScan?.commit.sha).toBe(latest.commit.sha);

    const summaries = await expectBody(
      await call(getScansRoute, `/api/v1/projects/${SLUG}/scans`, { slug: SLUG }),
      200,
      ScanListResponseSchema,
    );
    expect(summaries.scans).toHaveLength(scans.length);
    const shas = await expectBody(
      await call(getScansRoute, `/api/v1/projects/${SLUG}/scans?fields=sha`, { slug: SLUG }),
      200,
      CommitListResponseSchema,
    );
    expect(shas.commits).toEqual(scans.map((scan) => scan.commit.sha));

    const sha = latest.commit.sha;
    const detail = await expectBody(
      await call(getScanRoute, `/api/v1/projects/${SLUG}/scans/${sha}`, { slug: SLUG, commit: sha }),
      200,
      ScanDetailResponseSchema,
    );
    expect(detail.scan.members).toHaveLength(latest.members.length);
  });

  test("timeline (both stacks), checks, members, compare (explicit and since last week), engine history, report", async () => {
    const params = { slug: SLUG };
    for (const stack of ["classification", "phase"]) {
      const view = await expectBody(
        await call(getTimelineRoute, `/api/v1/projects/${SLUG}/timeline?stack=${stack}&granularity=week`, params),
        200,
        ProjectViewSchema,
      );
      expect(view.points.length).toBeGreaterThan(0);
    }
    const checks = await expectBody(await call(getChecksRoute, `/api/v1/projects/${SLUG}/checks`, params), 200, ChecksResponseSchema);
    expect(checks.checks.length).toBeGreaterThan(0);
    const members = await expectBody(
      await call(getMembersRoute, `/api/v1/projects/${SLUG}/members?at=${first.commit.sha}`, params),
      200,
      MembersResponseSchema,
    );
    expect(members.members).toHaveLength(first.members.length);

    const range = `from=${first.commit.sha}&to=${latest.commit.sha}`;
    const comparison = await expectBody(
      await call(getCompareRoute, `/api/v1/projects/${SLUG}/compare?${range}`, params),
      200,
      ScanComparisonSchema,
    );
    expect(comparison.diff.removed.length + comparison.diff.moved.length).toBeGreaterThan(0);
    await expectBody(await call(getCompareRoute, `/api/v1/projects/${SLUG}/compare`, params), 200, ScanComparisonSchema);

    const moved = latest.members[1]?.key as string;
    const engine = await expectBody(
      await call(getEngineRoute, `/api/v1/projects/${SLUG}/engines/${encodeURIComponent(moved)}`, { slug: SLUG, key: [moved] }),
      200,
      EngineHistorySchema,
    );
    expect(engine.key).toBe(moved);

    const report = await expectBody(
      await call(getReportRoute, `/api/v1/projects/${SLUG}/report?since=${first.commit.sha}`, params),
      200,
      WeeklyReportSchema,
    );
    expect(report.since.commit.sha).toBe(first.commit.sha);
  });

  test("errors: one body for 400, 401 and 404", async () => {
    const bad = await call(getTimelineRoute, `/api/v1/projects/${SLUG}/timeline?range=forever`, { slug: SLUG });
    expect((await expectBody(bad, 400, ErrorBodySchema)).error).toMatchObject({ code: "bad_request", status: 400 });
    const missing = await call(getProjectRoute, "/api/v1/projects/nope", { slug: "nope" });
    expect((await expectBody(missing, 404, ErrorBodySchema)).error).toMatchObject({ code: "not_found", status: 404 });
    const anonymous = await call(postScanRoute, `/api/v1/projects/${SLUG}/scans`, { slug: SLUG }, { method: "POST", body: "{}" });
    expect((await expectBody(anonymous, 401, ErrorBodySchema)).error).toMatchObject({ code: "unauthorized", status: 401 });
  });
});
