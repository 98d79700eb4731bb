import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { handleAnnotationDelete, handleAnnotationPost, handleAnnotationsGet } from "@/lib/api/annotations";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { TimelineAnnotation } from "@/lib/contract/annotations";
import { computeTotals, type CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { createProject, deleteProject, ingestInventory } from "@/lib/ingest";
import { marked } from "marked";
import { getWeeklyReport } from "@/lib/queries";
import { getAnnotations } from "@/lib/queries/annotations";
import { renderReportMarkdown } from "@/lib/report/markdown";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";

const BASE = "http://converge.test/api/v1/projects";

/** A scan of the same family with only some members left (totals recomputed), at its own commit. */
function scanWith(
  base: CommittedInventory,
  options: { sha: string; date: string; message: string; keep?: (name: string) => boolean; target?: number },
): CommittedInventory {
  const members = base.members.filter((member) => options.keep?.(member.name) ?? true);
  return {
    ...base,
    commit: { ...base.commit, sha: fakeSha(options.sha), date: options.date, message: options.message },
    plan: { ...base.plan, target: options.target ?? base.plan.target },
    members,
    totals: computeTotals(members),
  };
}

function post(slug: string, body: unknown, token: string | null): Request {
  return new Request(`${BASE}/${slug}/annotations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

const summary = (items: TimelineAnnotation[]) => items.map((item) => `${item.date.slice(0, 10)} ${item.kind}: ${item.text}`);

describe.each(testDialects())("annotations on %s", (dialect) => {
  let store: TestDatabase;
  let db: Db;
  let token: string;
  let otherToken: string;
  let project: { id: number; slug: string; repoUrl: string | null };

  beforeAll(async () => {
    store = await createTestDatabase(dialect);
    db = store.db;
    token = generateToken();
    otherToken = generateToken();
    project = await createProject(db, {
      slug: "engines",
      name: "Engines",
      repoUrl: "https://github.com/org/repo/blob/{commit}/{file}#L{line}",
      tokenHash: hashToken(token),
    });
    await createProject(db, { slug: "other", name: "Other", repoUrl: null, tokenHash: hashToken(otherToken) });
    // 13 members: the primary, then core, adapter, factory, legacy, interface, support, … (two of each class).
    const base = makeInventory({ members: 13, target: 12 });
    const adapters = base.members.filter((member) => member.classification === "adapter").map((member) => member.name);
    const cores = base.members.filter((member) => member.classification === "core").map((member) => member.name);
    const steps = [
      scanWith(base, { sha: "c1", date: "2026-11-02T09:00:00Z", message: "Initial import" }),
      scanWith(base, {
        sha: "c2",
        date: "2026-11-03T09:00:00Z",
        message: "Merge pull request #1042 from org/drop-adapters\n\nDrop the adapters",
        keep: (name) => !adapters.includes(name),
      }),
      scanWith(base, {
        sha: "c3",
        date: "2026-11-04T09:00:00Z",
        message: "Lower the target",
        keep: (name) => !adapters.includes(name),
        target: 8,
      }),
      scanWith(base, {
        sha: "c4",
        date: "2026-11-05T09:00:00Z",
        message: "Remove the core duplicates",
        keep: (name) => !adapters.includes(name) && !cores.includes(name),
        target: 8,
      }),
    ];
    // Posted out of order: annotations follow commit dates, not arrival.
    for (const inventory of [steps[2]!, steps[0]!, steps[3]!, steps[1]!]) await ingestInventory(db, project, inventory);
  });

  afterAll(async () => {
    await store?.dispose();
  });

  test("the automatic annotations of a scan sequence, exactly", async () => {
    const annotations = await getAnnotations(db, project);
    expect(summary(annotations)).toEqual([
      "2026-11-03 pull-request: PR #1042 merged: 2 adapters removed",
      "2026-11-04 plan-change: Target lowered from 12 to 8",
      "2026-11-05 members-changed: 2 core duplicates removed",
    ]);
    expect(annotations[0]).toMatchObject({
      id: `pr:${fakeSha("c2")}`,
      sha: fakeSha("c2"),
      detail: "Drop the adapters",
      url: "https://github.com/org/repo/pull/1042",
      membersTotal: 2,
    });
    // A window keeps only its events, computed against the scan before it.
    const window = await getAnnotations(db, project, { since: new Date("2026-11-04T00:00:00Z"), until: new Date("2026-11-04T23:59:59Z") });
    expect(summary(window)).toEqual(["2026-11-04 plan-change: Target lowered from 12 to 8"]);
  });

  test("POST creates a note (201), GET lists it among the automatic ones, DELETE removes it", async () => {
    const text = "Team offsite <img src=x onerror=alert(1)> | `code`";
    const created = await handleAnnotationPost(
      post("engines", { date: "2026-11-04", text, url: "https://example.com/notes?a=1&b=2" }, token),
      "engines",
      db,
    );
    expect(created.status).toBe(201);
    const { annotation } = (await created.json()) as { annotation: TimelineAnnotation };
    expect(annotation).toEqual({
      id: `note:${annotation.noteId}`,
      kind: "note",
      date: "2026-11-04T00:00:00.000Z",
      text,
      detail: null,
      url: "https://example.com/notes?a=1&b=2",
      sha: null,
      noteId: annotation.noteId,
      members: [],
      membersTotal: 0,
    });

    const listed = await handleAnnotationsGet(new Request(`${BASE}/engines/annotations?since=2026-11-04&until=2026-11-04`), "engines", db);
    expect(listed.status).toBe(200);
    const { annotations } = (await listed.json()) as { annotations: TimelineAnnotation[] };
    // Midnight of that day: before the 09:00 scan.
    expect(annotations.map((item) => item.id)).toEqual([annotation.id, `plan:${fakeSha("c3")}`]);

    const id = String(annotation.noteId);
    const anonymous = new Request(`${BASE}/engines/annotations/${id}`, { method: "DELETE" });
    expect((await handleAnnotationDelete(anonymous, "engines", id, db)).status).toBe(401);
    const foreign = new Request(`${BASE}/engines/annotations/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${otherToken}` },
    });
    expect((await handleAnnotationDelete(foreign, "engines", id, db)).status).toBe(403);
    const remove = () =>
      handleAnnotationDelete(
        new Request(`${BASE}/engines/annotations/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } }),
        "engines",
        id,
        db,
      );
    const deleted = await remove();
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ deleted: 1 });
    expect((await remove()).status).toBe(404);
    expect((await getAnnotations(db, project)).some((item) => item.kind === "note")).toBe(false);
  });

  test("writes without the project's token get 401 (403 with another project's) and store nothing", async () => {
    const body = { date: "2026-11-04", text: "no" };
    const missing = await handleAnnotationPost(post("engines", body, null), "engines", db);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect((await handleAnnotationPost(post("engines", body, "cvg_wrong"), "engines", db)).status).toBe(401);
    expect((await handleAnnotationPost(post("nope", body, "cvg_wrong"), "nope", db)).status).toBe(401);
    expect((await handleAnnotationPost(post("engines", body, otherToken), "engines", db)).status).toBe(403);
    expect(await db.annotation.count()).toBe(0);
  });

  test.each([
    ["a date that is not one", { date: "2026-13-45", text: "x" }, "date"],
    ["a date without a day", { date: "yesterday", text: "x" }, "date"],
    ["empty text", { date: "2026-11-04", text: "   " }, "text"],
    ["a javascript: url", { date: "2026-11-04", text: "x", url: "javascript:alert(1)" }, "url"],
    ["a relative url", { date: "2026-11-04", text: "x", url: "/p/engines" }, "url"],
    ["an unknown field", { date: "2026-11-04", text: "x", author: "me" }, "author"],
  ])("422 for %s, naming the field", async (_what, body, field) => {
    const response = await handleAnnotationPost(post("engines", body, token), "engines", db);
    expect(response.status).toBe(422);
    const error = ((await response.json()) as { error: { message: string; issues: Array<{ path: string; message: string }> } }).error;
    expect(error.message).toMatch(/^invalid annotation: /);
    expect(error.issues.map((issue) => `${issue.path} ${issue.message}`).join("\n")).toContain(field);
    expect(await db.annotation.count()).toBe(0);
  });

  test("GET: 404 for an unknown project, 400 for a bad window", async () => {
    expect((await handleAnnotationsGet(new Request(`${BASE}/nope/annotations`), "nope", db)).status).toBe(404);
    expect((await handleAnnotationsGet(new Request(`${BASE}/engines/annotations?since=soon`), "engines", db)).status).toBe(400);
    expect(
      (await handleAnnotationsGet(new Request(`${BASE}/engines/annotations?since=2026-11-05&until=2026-11-01`), "engines", db)).status,
    ).toBe(400);
  });

  test("the weekly report lists the week's events, escaped, in its markdown", async () => {
    const hostile = "Freeze <img src=x onerror=alert(1)> [click](javascript:alert(1)) @team #1";
    const created = await handleAnnotationPost(
      post("engines", { date: "2026-11-04T12:00:00Z", text: hostile, url: "https://example.com/a)b<c>" }, token),
      "engines",
      db,
    );
    expect(created.status).toBe(201);
    const report = await getWeeklyReport(db, { ...project, name: "Engines" }, { at: fakeSha("c4"), since: fakeSha("c2") });
    // After `since` (c2, the merge) up to `at` (c4): the merge itself belongs to the week before.
    expect(summary(report?.annotations ?? [])).toEqual([
      "2026-11-04 plan-change: Target lowered from 12 to 8",
      `2026-11-04 note: ${hostile}`,
      "2026-11-05 members-changed: 2 core duplicates removed",
    ]);
    const markdown = renderReportMarkdown(report!, "https://converge.example");
    expect(markdown).toContain(
      "**This week:** Target lowered from 12 to 8; Freeze &lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) \\@team \\#1; 2 core duplicates removed",
    );
    expect(markdown).toContain("(https://example.com/a%29b%3Cc%3E)");
    const html = await marked.parse(markdown);
    expect(html).not.toMatch(/<img|href="javascript/i);
    await db.annotation.deleteMany({});
  });

  test("deleting the project deletes its notes", async () => {
    const created = await handleAnnotationPost(post("other", { date: "2026-11-04", text: "bye" }, otherToken), "other", db);
    expect(created.status).toBe(201);
    expect(await db.annotation.count()).toBe(1);
    expect((await deleteProject(db, "other")).ok).toBe(true);
    expect(await db.annotation.count()).toBe(0);
  });
});
