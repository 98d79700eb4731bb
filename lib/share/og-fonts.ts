import { readFile } from "node:fs/promises";
import { join } from "node:path";
import opentype from "opentype.js";
import type { MeasureText } from "./og-layout";

/** Shipped in the repo, so preview images never download a font at build or run time. */
const FONT_DIR = join(process.cwd(), "assets", "fonts");

type OgFont = { name: string; data: ArrayBuffer; weight: 400 | 700; style: "normal" };

let fonts: Promise<OgFont[]> | null = null;
let measurer: Promise<MeasureText> | null = null;

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

export function ogFonts(): Promise<OgFont[]> {
  fonts ??= Promise.all([readFile(join(FONT_DIR, "DejaVuSans.ttf")), readFile(join(FONT_DIR, "DejaVuSans-Bold.ttf"))]).then(
    ([regular, bold]) => [
      { name: "DejaVu Sans", data: toArrayBuffer(regular), weight: 400 as const, style: "normal" as const },
      { name: "DejaVu Sans", data: toArrayBuffer(bold), weight: 700 as const, style: "normal" as const },
    ],
  );
  return fonts;
}

/** Text widths from the same font files the image is rendered with (advance widths plus kerning). */
export function ogMeasureText(): Promise<MeasureText> {
  measurer ??= ogFonts().then((loaded) => {
    const regular = opentype.parse(loaded[0]!.data);
    const bold = opentype.parse(loaded[1]!.data);
    return (text, fontSize, isBold) => (isBold ? bold : regular).getAdvanceWidth(text, fontSize, { kerning: true });
  });
  return measurer;
}
