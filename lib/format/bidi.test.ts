import { describe, expect, test } from "vitest";
import { hasBidiControls, showBidiControls, stripBidiControls } from "./bidi";

const EVERY_CONTROL = [
  "\u061C",
  "\u200E",
  "\u200F",
  "\u202A",
  "\u202B",
  "\u202C",
  "\u202D",
  "\u202E",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
];

describe("bidirectional controls", () => {
  test("every control is found, stripped and shown; other text is untouched", () => {
    for (const control of EVERY_CONTROL) {
      const text = `a${control}b`;
      expect(hasBidiControls(text)).toBe(true);
      expect(stripBidiControls(text)).toBe("ab");
      expect(showBidiControls(text)).toBe(`a⟨U+${control.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}⟩b`);
    }
    const plain = "src/engines/ユーザー_engine.py עברית \u200D";
    expect(hasBidiControls(plain)).toBe(false);
    expect(stripBidiControls(plain)).toBe(plain);
    expect(showBidiControls(plain)).toBe(plain);
  });

  test("a spoofed file name shows its stored order", () => {
    expect(showBidiControls("evil\u202Eyp.exe")).toBe("evil⟨U+202E⟩yp.exe");
    expect(showBidiControls("\u061Cx")).toBe("⟨U+061C⟩x");
    // The global regex keeps no state between calls.
    expect([hasBidiControls("\u202E"), hasBidiControls("\u202E")]).toEqual([true, true]);
  });
});
