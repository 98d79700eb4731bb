/**
 * Bidirectional control characters (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 * U+200E/U+200F marks, U+061C Arabic letter mark). In a name, path or commit message they reorder
 * what a reader sees ("Trojan Source"): `evil\u202Eyp.exe` displays as `evilexe.py`. Untrusted text
 * never keeps them raw: markdown and CSV drop them, pages show them as visible `⟨U+202E⟩` tokens.
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROL.source).test(text);
}

/** Removes every bidirectional control character (for markdown and CSV, where nothing can be shown). */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROL, "");
}

/**
 * Replaces every bidirectional control character with a visible token such as `⟨U+202E⟩`, so a page
 * shows the text in its stored order and a reader can see that it was tampered with.
 */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROL, (ch) => `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}⟩`);
}
