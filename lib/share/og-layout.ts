/**
 * Where every block of the 1200×630 preview image goes, computed before rendering: the title is
 * measured with the shipped font, shrunk or clamped to two lines, and every block gets an absolute
 * box, so a long title can never run into the "Latest scan" line below it.
 */

export const OG_WIDTH = 1200;
export const OG_HEIGHT = 630;
const PADDING_X = 80;
const PADDING_TOP = 56;
const PADDING_BOTTOM = 48;
export const OG_CONTENT_WIDTH = OG_WIDTH - 2 * PADDING_X;

/** Width in pixels of `text` set at `fontSize` in the regular or bold face. */
export type MeasureText = (text: string, fontSize: number, bold: boolean) => number;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OgContent {
  title: string;
  subtitle: string;
  /** A short warning beside the subtitle, e.g. "stale: last scan 15 days ago". */
  note: string | null;
  /** "24 names (35 definitions)" under the big number, or the empty message. */
  unitLine: string;
  hasSparkline: boolean;
}

export interface OgLayout {
  header: Box;
  title: Box & { lines: string[]; fontSize: number; lineHeight: number };
  subtitle: Box & { text: string; fontSize: number };
  note: (Box & { text: string; fontSize: number }) | null;
  count: Box & { fontSize: number };
  /** Up to two lines: the units, or the longer empty message. */
  unitLine: Box & { lines: string[]; fontSize: number; lineHeight: number };
  sparkline: Box | null;
}

const TITLE_SIZES = [52, 46, 40] as const;
const TITLE_MAX_LINES = 2;
const LINE_HEIGHT = 1.2;
const SUBTITLE_SIZE = 28;
const NOTE_SIZE = 24;
const COUNT_SIZE = 104;
const UNIT_SIZE = 30;
const ELLIPSIS = "…";

/** Cuts `text` to the longest prefix that fits `width` with an ellipsis (by code point). */
export function truncateToWidth(text: string, width: number, fontSize: number, bold: boolean, measure: MeasureText): string {
  if (measure(text, fontSize, bold) <= width) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(`${chars.slice(0, mid).join("").trimEnd()}${ELLIPSIS}`, fontSize, bold) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join("").trimEnd()}${ELLIPSIS}`;
}

/** Splits a word wider than the line into pieces that fit (a path or an identifier with no spaces). */
function splitLongWord(word: string, width: number, fontSize: number, bold: boolean, measure: MeasureText): string[] {
  const pieces: string[] = [];
  let piece = "";
  for (const char of word) {
    if (piece && measure(piece + char, fontSize, bold) > width) {
      pieces.push(piece);
      piece = char;
    } else piece += char;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Greedy word wrap: every line's measured width is at most `width`. */
export function wrapText(text: string, width: number, fontSize: number, bold: boolean, measure: MeasureText): string[] {
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => splitLongWord(word, width, fontSize, bold, measure));
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate, fontSize, bold) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** Wrapped to at most `maxLines`; the last kept line ends in an ellipsis when text was cut. */
function clampLines(text: string, maxLines: number, fontSize: number, bold: boolean, measure: MeasureText): string[] {
  const lines = wrapText(text, OG_CONTENT_WIDTH, fontSize, bold, measure);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const rest = lines.slice(maxLines - 1).join(" ");
  kept[maxLines - 1] = truncateToWidth(`${rest}${ELLIPSIS}`, OG_CONTENT_WIDTH, fontSize, bold, measure);
  return kept;
}

/** The largest title size that fits in two lines; at the smallest size, the second line is clamped. */
function fitTitle(title: string, measure: MeasureText): { lines: string[]; fontSize: number } {
  for (const fontSize of TITLE_SIZES) {
    const lines = wrapText(title, OG_CONTENT_WIDTH, fontSize, true, measure);
    if (lines.length <= TITLE_MAX_LINES) return { lines, fontSize };
  }
  const fontSize = TITLE_SIZES[TITLE_SIZES.length - 1]!;
  return { lines: clampLines(title, TITLE_MAX_LINES, fontSize, true, measure), fontSize };
}

function lineBox(y: number, fontSize: number): Box {
  return { x: PADDING_X, y, width: OG_CONTENT_WIDTH, height: Math.ceil(fontSize * LINE_HEIGHT) };
}

/** Boxes top to bottom, each starting below the previous one's bottom plus a gap. */
export function layoutOg(content: OgContent, measure: MeasureText): OgLayout {
  const header: Box = { x: PADDING_X, y: PADDING_TOP, width: OG_CONTENT_WIDTH, height: 56 };
  const { lines, fontSize } = fitTitle(content.title, measure);
  const lineHeight = Math.ceil(fontSize * LINE_HEIGHT);
  const title = {
    x: PADDING_X,
    y: header.y + header.height + 20,
    width: OG_CONTENT_WIDTH,
    height: lineHeight * lines.length,
    lines,
    fontSize,
    lineHeight,
  };
  const subtitleText = truncateToWidth(content.subtitle, OG_CONTENT_WIDTH, SUBTITLE_SIZE, false, measure);
  const subtitle = { ...lineBox(title.y + title.height + 10, SUBTITLE_SIZE), text: subtitleText, fontSize: SUBTITLE_SIZE };
  let bottom = subtitle.y + subtitle.height;
  let note: OgLayout["note"] = null;
  if (content.note) {
    note = {
      ...lineBox(bottom + 6, NOTE_SIZE),
      text: truncateToWidth(content.note, OG_CONTENT_WIDTH, NOTE_SIZE, true, measure),
      fontSize: NOTE_SIZE,
    };
    bottom = note.y + note.height;
  }
  const count = { x: PADDING_X, y: bottom + 14, width: OG_CONTENT_WIDTH, height: Math.ceil(COUNT_SIZE * 1.1), fontSize: COUNT_SIZE };
  const unitLines = clampLines(content.unitLine, 2, UNIT_SIZE, false, measure);
  const unitLineHeight = Math.ceil(UNIT_SIZE * LINE_HEIGHT);
  const unitLine = {
    x: PADDING_X,
    y: count.y + count.height + 4,
    width: OG_CONTENT_WIDTH,
    height: unitLineHeight * unitLines.length,
    lines: unitLines,
    fontSize: UNIT_SIZE,
    lineHeight: unitLineHeight,
  };
  const sparkTop = unitLine.y + unitLine.height + 12;
  const sparkHeight = OG_HEIGHT - PADDING_BOTTOM - sparkTop;
  const sparkline =
    content.hasSparkline && sparkHeight >= 40 ? { x: PADDING_X, y: sparkTop, width: OG_CONTENT_WIDTH, height: sparkHeight } : null;
  return { header, title, subtitle, note, count, unitLine, sparkline };
}

/** Every box of a layout, named, for checks and tests. */
export function layoutBoxes(layout: OgLayout): Array<[string, Box]> {
  const boxes: Array<[string, Box | null]> = [
    ["header", layout.header],
    ["title", layout.title],
    ["subtitle", layout.subtitle],
    ["note", layout.note],
    ["count", layout.count],
    ["unitLine", layout.unitLine],
    ["sparkline", layout.sparkline],
  ];
  return boxes.filter((entry): entry is [string, Box] => entry[1] !== null);
}
