import { describe, expect, test } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  test("quotes separators, quotes and newlines, and neutralizes formulas in untrusted text", () => {
    const csv = toCsv(["name", "file", "count"], [
      { name: 'A,"B"', file: "=HYPERLINK(\"http://x\")", count: 3 },
      { name: "line\nbreak", file: "@cmd", count: 0 },
    ]);
    expect(csv).toBe(
      'name,file,count\r\n"A,""B""","\'=HYPERLINK(""http://x"")",3\r\n"line\nbreak",\'@cmd,0\r\n',
    );
  });
});
