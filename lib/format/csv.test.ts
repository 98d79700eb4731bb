import { describe, expect, test } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  test("quotes separators, quotes and newlines, and neutralizes formulas in untrusted text", () => {
    const csv = toCsv(
      ["name", "file", "count"],
      [
        { name: 'A,"B"', file: '=HYPERLINK("http://x")', count: 3 },
        { name: "line\nbreak", file: "@cmd", count: 0 },
      ],
    );
    expect(csv).toBe('name,file,count\r\n"A,""B""","\'=HYPERLINK(""http://x"")",3\r\n"line\nbreak",\'@cmd,0\r\n');
  });

  test("drops bidirectional controls, also where one hides a formula", () => {
    const csv = toCsv(["name", "file"], [{ name: "\u202E=cmd|' /C calc'!A0", file: "src/evil\u202Eyp.exe\u2066\u2069\u200E\u200F\u061C" }]);
    expect(csv).toBe("name,file\r\n'=cmd|' /C calc'!A0,src/evilyp.exe\r\n");
  });
});
