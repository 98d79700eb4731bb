import { PNG } from "pngjs";
import { beforeAll, describe, expect, test } from "vitest";
import { ogMeasureText } from "@/lib/share/og-fonts";
import { OG_BACKGROUND, renderOgImage, type OgImageData } from "@/lib/share/og-image";
import { layoutBoxes, layoutOg, OG_CONTENT_WIDTH, OG_HEIGHT, OG_WIDTH, type Box, type MeasureText } from "@/lib/share/og-layout";

const LONG_TITLE = "Execution engine consolidation for the agents platform (Q4)";
const VERY_LONG_TITLE = `${LONG_TITLE}: ${LONG_TITLE}, ${LONG_TITLE}`;

let measure: MeasureText;
beforeAll(async () => {
  measure = await ogMeasureText();
});

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function content(title: string, note: string | null = "stale: last scan 15 days ago") {
  return { title, subtitle: "Latest scan · 18 Nov 2026", note, unitLine: "24 names (35 definitions)", hasSparkline: true };
}

describe("preview image layout", () => {
  test("a title too long for one line wraps to two measured lines, and no box overlaps another or leaves the image", () => {
    expect(measure(LONG_TITLE, 52, true)).toBeGreaterThan(OG_CONTENT_WIDTH);
    const layout = layoutOg(content(LONG_TITLE), measure);
    expect(layout.title.lines).toHaveLength(2);
    expect(layout.title.lines.join(" ")).toBe(LONG_TITLE);
    for (const line of layout.title.lines) expect(measure(line, layout.title.fontSize, true)).toBeLessThanOrEqual(OG_CONTENT_WIDTH);
    const boxes = layoutBoxes(layout);
    expect(boxes.map(([name]) => name)).toEqual(["header", "title", "subtitle", "note", "count", "unitLine", "sparkline"]);
    for (const [name, box] of boxes) {
      expect(box.y + box.height, name).toBeLessThanOrEqual(OG_HEIGHT);
      expect(box.x + box.width, name).toBeLessThanOrEqual(OG_WIDTH);
    }
    for (const [i, [nameA, a]] of boxes.entries()) {
      for (const [nameB, b] of boxes.slice(i + 1)) expect(overlaps(a, b), `${nameA} overlaps ${nameB}`).toBe(false);
    }
    // The "Latest scan" line starts below the title's second line.
    expect(layout.subtitle.y).toBeGreaterThanOrEqual(layout.title.y + 2 * layout.title.lineHeight);
  });

  test("a title longer than two lines at the smallest size is clamped with an ellipsis", () => {
    const layout = layoutOg(content(VERY_LONG_TITLE), measure);
    expect(layout.title.lines).toHaveLength(2);
    expect(layout.title.lines[1]?.endsWith("…")).toBe(true);
    for (const line of layout.title.lines) expect(measure(line, layout.title.fontSize, true)).toBeLessThanOrEqual(OG_CONTENT_WIDTH);
  });

  test("the long empty message wraps under the count instead of running off the image", () => {
    const message = "no members match /Backend$/ in 8,480 files: check pattern, include and exclude";
    const layout = layoutOg({ ...content(LONG_TITLE), unitLine: message, hasSparkline: false }, measure);
    expect(layout.unitLine.lines.length).toBe(2);
    expect(layout.unitLine.lines.join(" ")).toBe(message);
    for (const line of layout.unitLine.lines) expect(measure(line, layout.unitLine.fontSize, false)).toBeLessThanOrEqual(OG_CONTENT_WIDTH);
    const boxes = layoutBoxes(layout);
    for (const [i, [nameA, a]] of boxes.entries()) {
      for (const [nameB, b] of boxes.slice(i + 1)) expect(overlaps(a, b), `${nameA} overlaps ${nameB}`).toBe(false);
    }
    expect(layout.unitLine.y + layout.unitLine.height).toBeLessThanOrEqual(OG_HEIGHT);
  });

  test("a short title keeps the large size on one line", () => {
    const layout = layoutOg(content("Drivers", null), measure);
    expect(layout.title).toMatchObject({ lines: ["Drivers"], fontSize: 52 });
    expect(layout.note).toBeNull();
  });

  test("the rendered PNG has only background between the title's last line and the Latest scan line", async () => {
    const data: OgImageData = {
      title: LONG_TITLE,
      subtitle: "Latest scan · 18 Nov 2026",
      note: "stale: last scan 15 days ago",
      status: "on-track",
      count: "24",
      target: "/ 8 target",
      unitLine: "24 names (35 definitions)",
      sparkline: [30, 28, 27, 24],
    };
    const response = await renderOgImage(data);
    const png = PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    expect([png.width, png.height]).toEqual([OG_WIDTH, OG_HEIGHT]);
    const layout = layoutOg(
      { title: data.title, subtitle: data.subtitle, note: data.note, unitLine: data.unitLine, hasSparkline: true },
      measure,
    );
    const background = [0x0f, 0x12, 0x17];
    const inked = (y: number) => {
      for (let x = 0; x < png.width; x += 1) {
        const offset = (y * png.width + x) * 4;
        if (background.some((channel, c) => Math.abs((png.data[offset + c] ?? 0) - channel) > 24)) return true;
      }
      return false;
    };
    const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);
    // The gap between the title box and the subtitle box is blank: nothing overprints it.
    const titleBottom = layout.title.y + layout.title.height;
    expect(rows(titleBottom, layout.subtitle.y).filter(inked)).toEqual([]);
    // Both title lines and the subtitle line are drawn (the test would pass on a blank image otherwise).
    expect(rows(layout.title.y, layout.title.y + layout.title.lineHeight).some(inked)).toBe(true);
    expect(rows(layout.title.y + layout.title.lineHeight, titleBottom).some(inked)).toBe(true);
    expect(rows(layout.subtitle.y, layout.subtitle.y + layout.subtitle.height).some(inked)).toBe(true);
    expect(OG_BACKGROUND).toBe("#0f1217");
  });
});
