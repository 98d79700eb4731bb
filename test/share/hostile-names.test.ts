import { XMLParser, XMLValidator } from "fast-xml-parser";
import { marked } from "marked";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { createProject, ingestInventory } from "@/lib/ingest";
import { getWeeklyReport } from "@/lib/queries";
import { renderReportMarkdown } from "@/lib/report/markdown";
import { renderBadge } from "@/lib/share/badge";
import { fakeSha, makeInventory } from "../factories/inventory";
import { createTestDatabase } from "../helpers/database";

const HOSTILE = ["Pipe|ExecutionEngine", "Star*ExecutionEngine*", "Tick`ExecutionEngine`", "<img src=x onerror=alert(1)>ExecutionEngine"];

describe("markdown report with hostile member names", () => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ db, dispose } = await createTestDatabase("sqlite"));
  });
  afterEach(async () => {
    await dispose();
  });

  test("renders every name as inert text and keeps the tables intact", async () => {
    const project = await createProject(db, {
      slug: "hostile",
      name: "Hostile <b>names</b> | test",
      repoUrl: null,
      tokenHash: hashToken(generateToken()),
    });
    const before = makeInventory({
      sha: fakeSha("h1"),
      date: "2026-10-01T00:00:00Z",
      memberNames: ["UserExecutionEngine", "OldExecutionEngine"],
    });
    const after = makeInventory({ sha: fakeSha("h2"), date: "2026-10-09T00:00:00Z", memberNames: ["UserExecutionEngine", ...HOSTILE] });
    await ingestInventory(db, project, before);
    await ingestInventory(db, project, after);
    const report = await getWeeklyReport(db, project, { at: after.commit.sha, since: before.commit.sha });
    expect(report).not.toBeNull();
    const markdown = renderReportMarkdown(report!, "https://converge.example");

    expect(markdown).toContain(`[Permalink](https://converge.example/p/hostile/report?at=${after.commit.sha}&since=${before.commit.sha})`);
    const html = await marked.parse(markdown, { gfm: true });
    // No element other than what the report itself produces: the names never become tags.
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((match) => match[1]));
    expect([...tags].sort()).toEqual(["a", "h2", "h3", "li", "p", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul"]);
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;ExecutionEngine");
    // Each added name appears literally as text, with its pipe, stars and backticks intact.
    for (const name of HOSTILE) {
      const text = name.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      expect(html).toContain(`<li>${text} (Core duplicate`);
    }
    // Every table row has exactly as many cells as its header.
    for (const table of html.split("<table>").slice(1)) {
      const header = (table.split("</thead>")[0]?.match(/<th[ >]/g) ?? []).length;
      const rows =
        table
          .split("</thead>")[1]
          ?.split("</tr>")
          .filter((row) => row.includes("<td")) ?? [];
      for (const row of rows) expect((row.match(/<td[ >]/g) ?? []).length).toBe(header);
    }
  });
});

describe("badge", () => {
  test("is well-formed XML with escaped text, no script or event handler, and a width that follows the text", () => {
    for (const name of HOSTILE) {
      const svg = renderBadge({ label: name, message: `${name} 14 / 8`, color: "#97ca00", style: "flat" });
      expect(XMLValidator.validate(svg)).toBe(true);
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(svg) as { svg: { title: string } };
      expect(parsed.svg.title).toBe(`${name}: ${name} 14 / 8`);
      const elements = new Set<string>();
      const attributes = new Set<string>();
      const walk = (node: unknown) => {
        if (!node || typeof node !== "object") return;
        if (Array.isArray(node)) return node.forEach(walk);
        for (const [key, value] of Object.entries(node)) {
          if (key.startsWith("@_")) attributes.add(key.slice(2).toLowerCase());
          else if (key !== "#text") elements.add(key.toLowerCase());
          walk(value);
        }
      };
      walk(new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" }).parse(svg));
      expect([...elements].sort()).toEqual(["clippath", "g", "lineargradient", "rect", "stop", "svg", "text", "title"]);
      expect([...attributes].filter((attribute) => attribute.startsWith("on") || attribute.includes("href"))).toEqual([]);
    }
    const short = renderBadge({ label: "engines", message: "1 / 8", color: "#4c1", style: "flat-square" });
    const long = renderBadge({ label: "engines", message: "1234 / 5678", color: "#4c1", style: "flat-square" });
    const width = (svg: string) => Number(/^<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    expect(width(long)).toBeGreaterThan(width(short));
    expect(short).not.toContain("linearGradient");
    expect(renderBadge({ label: "x", message: "y", color: "red;onload=alert(1)", style: "flat" })).toContain('fill="#9f9f9f"');
  });
});
