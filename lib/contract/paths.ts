// Paths a scan reports, checked the same way where they are accepted (the inventory contract) and where
// links are built from them (lib/links.ts). Plain TypeScript: the browser bundle imports it.

/**
 * Whether `value` is a `/`-separated path relative to the scanned root with no `.`, `..` or empty segment
 * (so no leading, trailing or doubled `/` either). A dot segment in a file link leaves the repository
 * (`../../other/repo/…` on GitHub), and in a page link it is resolved away by the browser.
 */
export function isPlainRelativePath(value: string): boolean {
  return value.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/** The module path of a member key (`pkg/engine.py::Outer.Name`): before the first `::`, or the whole key. */
export function memberKeyPath(key: string): string {
  const separator = key.indexOf("::");
  return separator < 0 ? key : key.slice(0, separator);
}
