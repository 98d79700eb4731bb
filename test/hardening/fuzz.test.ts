// Property-based fuzzing of the ingest write routes against real SQLite and PostgreSQL stores.
// FUZZ_RUNS generated bodies per `npm test` (default 10,000), split evenly over the dialects:
// valid inventories (must be stored exactly), near-valid ones (one field wrong: 422) and garbage,
// each posted plainly or with `?replace=1` (a stored commit is then replaced by the body); about one
// run in ten also sends DELETE …/scans with a generated query (all, a range, or a wrong one), and the
// scans it must have deleted are exactly the ones gone. Never a 5xx, every rejection in the one error
// shape, and afterwards no partial scan.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory } from "@/lib/contract/inventory";
import { handleScanPost, handleScansDelete } from "@/lib/api/scans";
import { createProject } from "@/lib/ingest";
import { getProjectCommitShas, getScanDetail } from "@/lib/queries";
import { createTestDatabase, testDialects, type TestDatabase } from "../helpers/database";
import { auditStore, sqliteIntegrity } from "./audit";
import { fuzzCase, type FuzzCase, type ScanDeletion, writeRoute } from "./arbitraries";

const dialects = testDialects();
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const RUNS = Math.ceil(TOTAL_RUNS / dialects.length);
const ERROR_CODES = new Set([
  "bad_request",
  "invalid_json",
  "invalid_body",
  "unauthorized",
  "forbidden",
  "not_found",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
]);

type ErrorBody = { error: { code: string; message: string; status: number; issues?: unknown[] } };

/** The one error shape, with the response's own status, and nothing else at the top level. */
function assertErrorShape(body: unknown, status: number, token: string): asserts body is ErrorBody {
  expect(Object.keys(body as object)).toEqual(["error"]);
  const { error } = body as ErrorBody;
  expect(ERROR_CODES.has(error.code), `unknown error code ${error.code}`).toBe(true);
  expect(typeof error.message).toBe("string");
  expect(error.status).toBe(status);
  if (error.issues !== undefined) {
    expect(Array.isArray(error.issues)).toBe(true);
    for (const issue of error.issues)
      expect(issue).toEqual({ path: expect.any(String), message: expect.any(String), code: expect.any(String) });
  }
  expect(JSON.stringify(body)).not.toContain(token);
}

/** The query string of a generated deletion; a range may name stored commits' own dates (its ends are inclusive). */
function deletionQuery(deletion: ScanDeletion, kept: CommittedInventory[]): string {
  if (deletion.kind === "all") return "all=1";
  if (deletion.kind === "invalid") return new URLSearchParams(deletion.query).toString();
  const dateOf = (pick: number | null, fallback: string) =>
    pick === null || kept.length === 0 ? fallback : (kept[pick % kept.length]?.commit.date ?? fallback);
  const [since, until] = [dateOf(deletion.sinceFrom, deletion.since), dateOf(deletion.untilFrom, deletion.until)];
  // A range must run forwards to be valid: generated ends are put in order.
  const ordered = instantOf(since, "start") <= instantOf(until, "end") ? [since, until] : [until, since];
  return new URLSearchParams({ since: ordered[0] ?? since, until: ordered[1] ?? until }).toString();
}

/** As the route reads it: a date alone covers its whole UTC day. */
function instantOf(value: string, edge: "start" | "end"): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  return new Date(`${value}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z`);
}

function inRange(query: string, kept: Map<string, CommittedInventory>): string[] {
  const params = new URLSearchParams(query);
  const since = instantOf(params.get("since") ?? "", "start").getTime();
  const until = instantOf(params.get("until") ?? "", "end").getTime();
  return [...kept.entries()]
    .filter(([, inventory]) => {
      const at = new Date(inventory.commit.date).getTime();
      return at >= since && at <= until;
    })
    .map(([sha]) => sha);
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** What the server must have kept: the body as parsed (JSON round trip), read back through the API's queries. */
async function assertStored(store: TestDatabase, projectId: number, sent: CommittedInventory): Promise<void> {
  const detail = await getScanDetail(store.db, projectId, sent.commit.sha);
  expect(detail, `scan ${sent.commit.sha} missing`).not.toBeNull();
  if (!detail) return;
  expect(detail.commit.sha).toBe(sent.commit.sha);
  expect(new Date(detail.commit.date).getTime()).toBe(new Date(sent.commit.date).getTime());
  expect(detail.commit.branch).toBe(sent.commit.branch);
  expect(detail.commit.message).toBe(sent.commit.message ?? null);
  expect(detail.scanner).toEqual(sent.scanner);
  expect(detail.plan).toEqual(sent.plan);
  expect(detail.totals).toEqual(sent.totals);
  expect([...detail.members].sort(byKey)).toEqual([...sent.members].sort(byKey));
  expect(detail.checkResults).toEqual(sent.checks);
  expect(detail.fileIssues).toEqual({ skipped: sent.files.skipped, failed: sent.files.failed });
  expect(detail.files).toEqual({ scanned: sent.files.scanned, skipped: sent.files.skipped.length, failed: sent.files.failed.length });
}

describe.each(dialects)("ingest fuzzing on %s", (dialect) => {
  let store: TestDatabase;
  let project: { id: number; slug: string };
  let token: string;
  let otherToken: string;
  const previousLimit = process.env.CONVERGE_RATE_LIMIT;
  const previousFailureLimit = process.env.CONVERGE_AUTH_FAILURE_LIMIT;
  const counts = { valid: 0, "near-valid": 0, garbage: 0, replace: 0, deletes: 0, deleted: 0, statuses: new Map<number, number>() };

  beforeAll(async () => {
    process.env.CONVERGE_RATE_LIMIT = "off";
    // Every request here comes from one (unknown) address: the auth faults below must not lock it out.
    process.env.CONVERGE_AUTH_FAILURE_LIMIT = "off";
    store = await createTestDatabase(dialect);
    token = generateToken();
    otherToken = generateToken();
    project = await createProject(store.db, { slug: "fuzz", name: "Fuzz", repoUrl: null, tokenHash: hashToken(token) });
    await createProject(store.db, { slug: "other", name: "Other", repoUrl: null, tokenHash: hashToken(otherToken) });
  });

  afterAll(async () => {
    if (previousLimit === undefined) delete process.env.CONVERGE_RATE_LIMIT;
    else process.env.CONVERGE_RATE_LIMIT = previousLimit;
    if (previousFailureLimit === undefined) delete process.env.CONVERGE_AUTH_FAILURE_LIMIT;
    else process.env.CONVERGE_AUTH_FAILURE_LIMIT = previousFailureLimit;
    await store?.dispose();
  });

  test(`${RUNS} generated bodies: no 5xx, one error shape, valid ones stored exactly`, async () => {
    const stored = new Map<string, CommittedInventory>();
    const post = (fuzz: FuzzCase, replace: boolean) =>
      handleScanPost(
        store.db,
        new Request(`http://127.0.0.1/api/v1/projects/fuzz/scans${replace ? "?replace=1" : ""}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...fuzz.headers },
          body: fuzz.body as BodyInit,
        }),
        "fuzz",
      );

    const tallyStatus = (status: number) => counts.statuses.set(status, (counts.statuses.get(status) ?? 0) + 1);

    await fc.assert(
      fc.asyncProperty(fuzzCase, writeRoute, async (fuzz, route) => {
        const response = await post(fuzz, route.replace);
        counts[fuzz.category] += 1;
        if (route.replace) counts.replace += 1;
        tallyStatus(response.status);
        expect(response.status, fuzz.label).toBeLessThan(500);
        const body: unknown = await response.json();
        if (fuzz.expect.kind === "stored" || (fuzz.expect.kind === "any" && response.status < 300)) {
          const sent = (fuzz.inventory ? JSON.parse(JSON.stringify(fuzz.inventory)) : JSON.parse(String(fuzz.body))) as CommittedInventory;
          const first = stored.get(sent.commit.sha);
          expect(response.status, `${fuzz.label}: ${JSON.stringify(body).slice(0, 500)}`).toBe(first ? 200 : 201);
          expect((body as { replaced: boolean }).replaced).toBe(route.replace && first !== undefined);
          // Without replace the first body of a commit stays; with it, the new body takes its place.
          const kept = first && !route.replace ? first : sent;
          stored.set(sent.commit.sha, kept);
          await assertStored(store, project.id, kept);
        } else {
          expect(response.status, fuzz.label).toBeGreaterThanOrEqual(400);
          assertErrorShape(body, response.status, token);
          if (fuzz.expect.kind === "status") {
            expect(response.status, `${fuzz.label}: ${JSON.stringify(body).slice(0, 300)}`).toBe(fuzz.expect.status);
            if (fuzz.expect.code) expect(body.error.code).toBe(fuzz.expect.code);
          }
        }
        if (route.deletion) await deleteAndCheck(route.deletion, stored);
      }),
      { numRuns: RUNS, endOnFailure: false },
    );

    /** DELETE …/scans with the generated query: exactly the scans whose commit date is in range go, or 400 naming why. */
    async function deleteAndCheck(deletion: ScanDeletion, kept: Map<string, CommittedInventory>): Promise<void> {
      const query = deletionQuery(deletion, [...kept.values()]);
      const response = await handleScansDelete(
        store.db,
        new Request(`http://127.0.0.1/api/v1/projects/fuzz/scans?${query}`, {
          method: "DELETE",
          headers: { authorization: `Bearer ${token}` },
        }),
        "fuzz",
      );
      counts.deletes += 1;
      tallyStatus(response.status);
      expect(response.status, `DELETE ?${query}`).toBeLessThan(500);
      const body: unknown = await response.json();
      const gone = deletion.kind === "all" ? [...kept.keys()] : deletion.kind === "range" ? inRange(query, kept) : null;
      if (gone === null) {
        if (response.status === 200) {
          // A random query that happened to be valid: whatever it deleted is gone from the store too.
          const left = new Set(await getProjectCommitShas(store.db, project.id));
          for (const sha of [...kept.keys()]) if (!left.has(sha)) kept.delete(sha);
          return;
        }
        expect(response.status, `DELETE ?${query}`).toBe(400);
        assertErrorShape(body, 400, token);
        return;
      }
      expect(response.status, `DELETE ?${query}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
      expect(body, `DELETE ?${query}`).toEqual({ deleted: gone.length });
      counts.deleted += gone.length;
      for (const sha of gone) kept.delete(sha);
      expect((await getProjectCommitShas(store.db, project.id)).sort()).toEqual([...kept.keys()].sort());
    }

    // Auth faults are not random: every one of them, once, with a valid body.
    const valid = fc.sample(
      fuzzCase.filter((fuzz) => fuzz.category === "valid"),
      1,
    )[0] as FuzzCase;
    const authCases: Array<[Record<string, string>, string, number]> = [
      [{ authorization: "" }, "fuzz", 401],
      [{ authorization: "Bearer " }, "fuzz", 401],
      [{ authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}` }, "fuzz", 401],
      [{ authorization: `Bearer ${token}x` }, "fuzz", 401],
      [{ authorization: `Bearer ${otherToken}` }, "fuzz", 403],
      [{ authorization: `Bearer ${token}` }, "other", 403],
      // Issue 16 item 6: the token is checked first, so an unknown slug tells nothing (401 without a valid token,
      // 403 with another project's token, as for a slug that exists).
      [{ authorization: `Bearer ${token}x` }, "missing", 401],
      [{ authorization: `Bearer ${token}` }, "missing", 403],
    ];
    for (const [headers, slug, status] of authCases) {
      const response = await handleScanPost(
        store.db,
        new Request(`http://127.0.0.1/api/v1/projects/${slug}/scans`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: valid.body as BodyInit,
        }),
        slug,
      );
      expect(response.status).toBe(status);
      assertErrorShape(await response.json(), status, token);
    }

    // The replace and delete routes check the token the same way.
    for (const [headers, status] of [
      [{ authorization: "" }, 401],
      [{ authorization: `Bearer ${token}x` }, 401],
      [{ authorization: `Bearer ${otherToken}` }, 403],
    ] as Array<[Record<string, string>, number]>) {
      const replaced = await post(
        {
          ...fc.sample(
            fuzzCase.filter((fuzz) => fuzz.category === "valid"),
            1,
          )[0],
          headers,
        } as FuzzCase,
        true,
      );
      const deleted = await handleScansDelete(
        store.db,
        new Request("http://127.0.0.1/api/v1/projects/fuzz/scans?all=1", { method: "DELETE", headers }),
        "fuzz",
      );
      for (const response of [replaced, deleted]) {
        expect(response.status).toBe(status);
        assertErrorShape(await response.json(), status, token);
      }
    }

    const audit = await auditStore(store.db);
    expect(audit.problems).toEqual([]);
    expect(audit.scans).toBe(stored.size);
    if (dialect === "sqlite") expect(sqliteIntegrity(store.url)).toEqual({ integrity: ["ok"], foreignKeyViolations: 0 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(counts.valid + counts["near-valid"] + counts.garbage).toBe(RUNS);
    console.log(
      `[fuzz ${dialect}] ${RUNS} bodies: ${counts.valid} valid (${stored.size} scans stored at the end), ${counts["near-valid"]} near-valid, ${counts.garbage} garbage; ${counts.replace} posted with replace=1; ${counts.deletes} deletes (${counts.deleted} scans deleted); statuses ${JSON.stringify(Object.fromEntries([...counts.statuses].sort()))}`,
    );
  }, 600_000);
});
