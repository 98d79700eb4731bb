import { Fragment } from "react";
import { breakPieces, shortenMiddle } from "./text";

/** An identifier that may wrap at its natural joints (path separators, camelCase) instead of mid-word. */
export function Breakable({ text }: { text: string }) {
  // Each piece is keyed by where it starts in `text`: stable, and unique even when pieces repeat.
  let offset = 0;
  const pieces = breakPieces(text).map((piece) => {
    const start = offset;
    offset += piece.length;
    return { piece, start };
  });
  return (
    <>
      {pieces.map(({ piece, start }) => (
        <Fragment key={start}>
          {start > 0 ? <wbr /> : null}
          {piece}
        </Fragment>
      ))}
    </>
  );
}

/** A path shortened in the middle when over `max` characters, with the whole path in the tooltip. */
export function PathText({ path, max = 48, className = "mono" }: { path: string; max?: number; className?: string }) {
  const shown = shortenMiddle(path, max);
  return (
    <span className={`${className} path`} title={shown === path ? undefined : path} data-path={path}>
      <Breakable text={shown} />
    </span>
  );
}
