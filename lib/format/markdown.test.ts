import { describe, expect, test } from "vitest";
import { escapeMarkdownInline, escapeTableCell, mdCode, mdTable, raw } from "./markdown";

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
    expect(mdTable(["Name", "N"], [["A|B", 3], [raw("**x|y**"), null]], ["left", "right"])).toBe(
      ["| Name | N |", "| --- | ---: |", "| A\\|B | 3 |", "| **x\\|y** |  |"].join("\n"),
    );
  });

  test("mdCode picks a fence longer than any backtick run", () => {
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
  });
});
