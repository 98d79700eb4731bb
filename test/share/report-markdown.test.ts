import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { createProject, ingestInventory } from "@/lib/ingest";
import { getWeeklyReport } from "@/lib/queries";
import { renderReportMarkdown } from "@/lib/report/markdown";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase } from "../helpers/database";

/** `ToolExecutionEngine` defined in `copies` files: one name, several definitions. */
function withDuplicates(inventory: CommittedInventory, copies: number): CommittedInventory {
  const tool = inventory.members.find((member) => member.name === "ToolExecutionEngine");
  if (!tool) throw new Error("the fixture needs a ToolExecutionEngine");
  const extra = Array.from({ length: copies - 1 }, (_, index) => ({
    ...tool,
    key: `pkg/copy${index}/tool.py::${tool.name}`,
    file: `pkg/copy${index}/tool.py`,
  }));
  const members = [...inventory.members, ...extra];
  const base = makeInventory({ memberNames: members.map((member) => member.name) });
  return { ...inventory, members, totals: { ...base.totals } };
}

describe("weekly report markdown", () => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ db, dispose } = await createTestDatabase("sqlite"));
  });
  afterEach(async () => {
    await dispose();
  });

  test("shows the count in the plan's unit with names and definitions, before and now", async () => {
    const project = await createProject(db, { slug: "units", name: "Units", repoUrl: null, tokenHash: hashToken(generateToken()) });
    const names = ["UserExecutionEngine", "ToolExecutionEngine", "OldExecutionEngine", "OtherExecutionEngine"];
    const before = withDuplicates(makeInventory({ sha: fakeSha("u1"), date: "2026-10-01T00:00:00Z", memberNames: names, target: 2 }), 3);
    const after = withDuplicates(
      makeInventory({ sha: fakeSha("u2"), date: "2026-10-09T00:00:00Z", memberNames: names.slice(0, 3), target: 2 }),
      2,
    );
    expect([before.totals.names, before.totals.members, after.totals.names, after.totals.members]).toEqual([4, 6, 3, 4]);
    await ingestInventory(db, project, before);
    await ingestInventory(db, project, after);
    const report = await getWeeklyReport(db, project, { at: after.commit.sha, since: before.commit.sha });
    const markdown = renderReportMarkdown(report!, "https://converge.example");
    expect(markdown).toContain("## Units: 3 / 2 (");
    expect(markdown).toContain("**Count toward target:** 3 / 2 names · 3 names (4 definitions) (before: 4 names (6 definitions))");
    expect(markdown).toContain("(4 → 3)");
    expect(markdown).toContain("### By classification (definitions)");
  });
});
