import { marked } from "marked";
import { describe, expect, test } from "vitest";
import { escapeMarkdownInline, escapeTableCell, mdCode, mdTable, raw } from "./markdown";

/** The `href`s of every link GFM makes of the markdown (autolinks included). */
function linksOf(markdown: string): string[] {
  const html = marked.parse(markdown, { gfm: true, async: false });
  return [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((match) => match[1] ?? "");
}

/** Text that GFM links when it is left as it is. */
const LINKED_RAW = [
  "https://evil.example/a.py",
  "HTTP://EVIL.EXAMPLE/a.py",
  "ftp://evil.example/a.py",
  "src www.evil.example/a.py",
  "(https://evil.example)",
  "mail a@evil.example",
  "mailto:a@evil.example",
];
/** Variants other GFM renderers may link (www. mid-word, upper case): escaped all the same. */
const URL_LIKE = [...LINKED_RAW, "src/www.evil.example/a.py", "WWW.Evil.Example"];

describe("markdown escaping", () => {
  test("hostile names render inert", () => {
    expect(escapeTableCell("A|B")).toBe("A\\|B");
    expect(escapeTableCell("`rm -rf`")).toBe("\\`rm -rf\\`");
    expect(escapeTableCell("*bold* _it_ ~~s~~")).toBe("\\*bold\\* \\_it\\_ \\~\\~s\\~\\~");
    expect(escapeTableCell("<img src=x onerror=alert(1)>")).toBe("&lt;img src=x onerror=alert(1)&gt;");
    expect(escapeTableCell("[x](javascript:alert(1))")).toBe("\\[x\\](javascript:alert(1))");
    expect(escapeTableCell("@octocat #12 $x$")).toBe("\\@octocat \\#12 \\$x\\$");
    expect(escapeTableCell("a\\b & c")).toBe("a\\\\b &amp; c");
    expect(escapeTableCell("line1\nline2")).toBe("line1 line2");
  });

  test("leading block markers are escaped; paths stay readable", () => {
    expect(escapeMarkdownInline("- item")).toBe("\\- item");
    expect(escapeMarkdownInline("1. item")).toBe("1\\. item");
    expect(escapeMarkdownInline("netra/agents/user_engine.py:27")).toBe("netra/agents/user\\_engine.py:27");
  });

  test("mdTable escapes plain cells and keeps raw() markdown, pipes included", () => {
    expect(
      mdTable(
        ["Name", "N"],
        [
          ["A|B", 3],
          [raw("**x|y**"), null],
        ],
        ["left", "right"],
      ),
    ).toBe(["| Name | N |", "| --- | ---: |", "| A\\|B | 3 |", "| **x\\|y** |  |"].join("\n"));
  });

  test("mdCode picks a fence longer than any backtick run", () => {
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
  });

  test("URLs, www. names and e-mail addresses in names and paths never become links", () => {
    // The control: the same text unescaped is linked by GFM, so the assertion below means something.
    expect(linksOf(LINKED_RAW.map((text) => `- ${text}`).join("\n"))).toHaveLength(LINKED_RAW.length);
    for (const text of URL_LIKE) {
      const markdown = [`- ${escapeMarkdownInline(text)} at ${mdCode(text)}`, "", mdTable(["File"], [[text]])].join("\n");
      expect(linksOf(markdown), markdown).toEqual([]);
      // ...and every one still reads as the literal text.
      expect(marked.parse(markdown, { gfm: true, async: false })).toContain(`<td>${text}</td>`);
    }
    expect(escapeMarkdownInline("https://evil.example/a.py")).toBe("https\\://evil.example/a.py");
    expect(escapeMarkdownInline("www.evil.example")).toBe("www\\.evil.example");
    expect(escapeMarkdownInline("engine.py:27")).toBe("engine.py:27");
  });

  test("bidirectional controls are dropped from inline text and code spans", () => {
    const spoofed = "src/evil\u202Eyp.exe\u2066x\u2069\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u2067\u2068";
    expect(escapeMarkdownInline(spoofed)).toBe("src/evilyp.exex");
    expect(mdCode(spoofed)).toBe("`src/evilyp.exex`");
    expect(mdTable(["File"], [[spoofed]])).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
  });
});
