/**
 * Long identifiers on narrow pages: paths over 90 characters and class names over 40 must neither
 * widen a table nor run into the next column. Pure helpers, tested in text.test.ts.
 */

const ELLIPSIS = "…";

/**
 * Shortens a path in the middle, keeping its first segment and as many trailing segments as fit
 * ("netra_backend/…/engines/user_execution_engine.py"). The file name is what a reader looks for, so it
 * is kept whole ("…/a_long_file_name.py", wrapping at its joints) unless it alone is over twice the budget;
 * only then, or for text without segments, are characters cut from the middle.
 */
export function shortenMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const segments = text.split("/");
  const head = segments[0] ?? "";
  const last = segments.at(-1) ?? "";
  if (segments.length > 1) {
    const tail: string[] = [];
    for (let index = segments.length - 1; index > 0; index -= 1) {
      const candidate = [segments[index] ?? "", ...tail].join("/");
      if (`${head}/${ELLIPSIS}/${candidate}`.length > max) break;
      tail.unshift(segments[index] ?? "");
    }
    if (tail.length > 0) return tail.length === segments.length - 1 ? text : `${head}/${ELLIPSIS}/${tail.join("/")}`;
    if (last.length + 2 <= max * 2) return `${ELLIPSIS}/${last}`;
    return `${ELLIPSIS}/${cutMiddle(last, max - 2)}`;
  }
  return cutMiddle(text, max);
}

function cutMiddle(text: string, max: number): string {
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
