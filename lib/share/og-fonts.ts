import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** Shipped in the repo, so preview images never download a font at build or run time. */
const FONT_DIR = join(process.cwd(), "assets", "fonts");

let fonts: Promise<Array<{ name: string; data: ArrayBuffer; weight: 400 | 700; style: "normal" }>> | null = null;

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

export function ogFonts() {
  fonts ??= Promise.all([readFile(join(FONT_DIR, "DejaVuSans.ttf")), readFile(join(FONT_DIR, "DejaVuSans-Bold.ttf"))]).then(([regular, bold]) => [
    { name: "DejaVu Sans", data: toArrayBuffer(regular), weight: 400 as const, style: "normal" as const },
    { name: "DejaVu Sans", data: toArrayBuffer(bold), weight: 700 as const, style: "normal" as const },
  ]);
  return fonts;
}
