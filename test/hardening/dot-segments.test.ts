// Issue 16 item 5, over HTTP against a real `next start`: posted member paths with `.`, `..` or empty
// segments get 422 naming the field; every member page is reachable from the link the pages give it
// (the key is one path segment), also for odd keys and for a dot-segment key stored before the contract
// refused them; and no file link leaves the project's repository.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory, Member } from "@/lib/contract/inventory";
import { computeTotals } from "@/lib/contract/inventory";
import { createProject, submitInventory } from "@/lib/ingest";
import { apiPath, engineHref } from "@/lib/links";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startServer, type TestServer } from "../helpers/server";
import { postScan } from "./http";

const REPO = "https://github.com/org/repo/blob/{commit}/{file}#L{line}";

/** The inventory with member `index` moved to `file` (its key follows) or given `key`; totals recomputed. */
function withMember(
  inventory: CommittedInventory,
  index: number,
  change: Partial<Pick<Member, "file" | "key" | "name">>,
): CommittedInventory {
  const members = inventory.members.map((member, at) => {
    if (at !== index) return member;
    const file = change.file ?? member.file;
    const name = change.name ?? member.name;
    return { ...member, file, name, qualifiedName: name, key: change.key ?? `${file}::${name}` };
  });
  return { ...inventory, members, totals: computeTotals(members, inventory.plan.count) };
}

describe("dot segments in member paths and keys", () => {
  let store: TestDatabase;
  let server: TestServer;
  let token: string;
  let projectId: number;

  beforeAll(async () => {
    store = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: store.url });
    token = generateToken();
    projectId = (await createProject(store.db, { slug: "dots", name: "Dots", repoUrl: REPO, tokenHash: hashToken(token) })).id;
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await store?.dispose();
  });

  const base = () => makeInventory({ sha: fakeSha("dots-base"), date: "2026-10-01T00:00:00Z", members: 5 });

  test.each([
    ["../../../../evil/x.py", "file"],
    ["pkg/./engine.py", "file"],
    ["pkg//engine.py", "file"],
    ["/etc/engine.py", "file"],
    ["pkg/engine.py/", "file"],
    ["..", "file"],
  ])("a member file %j is refused with 422 naming members[3].file", async (file) => {
    const posted = await postScan(server.url, "dots", token, withMember(base(), 3, { file }));
    expect(posted.status).toBe(422);
    const body = posted.body as { error: { message: string; issues: Array<{ path: string; message: string }> } };
    expect(body.error.message).toContain("members.3.file");
    expect(body.error.issues).toContainEqual(expect.objectContaining({ path: "members.3.file", message: expect.stringContaining('".."') }));
  });

  test("a key whose module path has dot segments is refused with 422 naming members[2].key", async () => {
    const posted = await postScan(server.url, "dots", token, withMember(base(), 2, { key: "pkg/../other.py::Engine2ExecutionEngine" }));
    expect(posted.status).toBe(422);
    const body = posted.body as { error: { issues: Array<{ path: string }> } };
    expect(body.error.issues.map((issue) => issue.path)).toEqual(["members.2.key"]);
    expect(await store.db.scan.count()).toBe(0);
  });

  test("every member page is reachable from its link, odd keys and a stored dot-segment key included", async () => {
    const odd = [
      { file: "pkg/a b/x..y.py", name: "SpacedExecutionEngine" },
      { file: "pkg/100%/e.py", name: "PercentExecutionEngine" },
      { file: "pkg/q?/h#.py", name: "QueryExecutionEngine" },
      { file: "pkg/ünï/コード.py", name: "UnicodeExecutionEngine" },
    ];
    let inventory = makeInventory({ sha: fakeSha("dots-odd"), date: "2026-10-02T00:00:00Z", members: 5 });
    odd.forEach((change, index) => {
      inventory = withMember(inventory, index + 1, change);
    });
    const posted = await postScan(server.url, "dots", token, inventory);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);

    // Stored before the contract refused it (written below the API): still reachable, and never a file link.
    let legacy = makeInventory({ sha: fakeSha("dots-legacy"), date: "2026-10-03T00:00:00Z", members: 5 });
    legacy = withMember(legacy, 1, { file: "../../../../evil/x.py", name: "LegacyDotsExecutionEngine" });
    const stored = await submitInventory(store.db, { id: projectId, slug: "dots" }, legacy);
    expect(stored.kind).not.toBe("busy");

    const keys = [...inventory.members.map((member) => member.key), legacy.members[1]?.key ?? ""];
    for (const key of keys) {
      const page = await fetch(`${server.url}${engineHref("dots", key)}`, { redirect: "manual" });
      expect(page.status, `${key} → ${engineHref("dots", key)}`).toBe(200);
      await page.arrayBuffer();
      const api = await fetch(`${server.url}${apiPath.engine("dots", key)}`, { redirect: "manual" });
      expect(api.status, key).toBe(200);
      expect(((await api.json()) as { key: string }).key).toBe(key);
    }

    // The scan pages link each member to exactly that URL.
    const html = await (await fetch(`${server.url}/p/dots/scans/${inventory.commit.sha}`)).text();
    for (const member of inventory.members) expect(html).toContain(`href="${engineHref("dots", member.key).replaceAll("&", "&amp;")}"`);
  });

  test("no file link leaves the repository: plain paths link to org/repo, the stored ../ path links nowhere", async () => {
    const html = await (await fetch(`${server.url}/p/dots/scans/${fakeSha("dots-legacy")}`)).text();
    const links = [...html.matchAll(/href="(https?:[^"]*)"/g)].map((match) => new URL((match[1] ?? "").replaceAll("&amp;", "&")));
    const github = links.filter((url) => url.hostname === "github.com");
    expect(github.length).toBeGreaterThan(0);
    for (const url of github) expect(url.pathname.startsWith("/org/repo/blob/")).toBe(true);
    expect(html).toContain("LegacyDotsExecutionEngine");
    expect(html).not.toContain("github.com/evil");
  });
});
