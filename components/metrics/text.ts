/**
 * Long identifiers on narrow pages: paths over 90 characters and class names over 40 must neither
 * widen a table nor run into the next column. Pure helpers, tested in text.test.ts.
 */

const ELLIPSIS = "…";

/**
 * Shortens a path in the middle, keeping its first segment and as many trailing segments as fit
 * ("netra_backend/…/engines/user_execution_engine.py"); a single over-long segment is cut in its middle.
 */
export function shortenMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const segments = text.split("/");
  const head = segments[0] ?? "";
  const tail: string[] = [];
  for (let index = segments.length - 1; index > 0; index -= 1) {
    const candidate = [segments[index] ?? "", ...tail];
    if (`${head}/${ELLIPSIS}/${candidate.join("/")}`.length > max) break;
    tail.unshift(segments[index] ?? "");
  }
  if (tail.length > 0 && segments.length > 2) return `${head}/${ELLIPSIS}/${tail.join("/")}`;
  const keep = max - 1;
  const front = Math.ceil(keep / 2);
  return `${text.slice(0, front)}${ELLIPSIS}${text.slice(text.length - (keep - front))}`;
}

/**
 * Splits an identifier where a line may break without a hyphen: after `/`, `_`, `.`, `::` and `,`, and
 * before an upper-case letter that follows a lower-case one (camelCase). Joined, the pieces are the text.
 */
export function breakPieces(text: string): string[] {
  return text.split(/(?<=[/_.,:])(?!:)|(?<=[a-z0-9])(?=[A-Z])/).filter((piece) => piece.length > 0);
}
