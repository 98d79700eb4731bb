import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Inventory } from "@/lib/contract/inventory";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "scanner");
export const PYTHON_FIXTURE = join(FIXTURES, "python");
export const TYPESCRIPT_FIXTURE = join(FIXTURES, "typescript");

export const FIXED_COMMIT = { sha: null, date: "2026-01-05T09:00:00+00:00", branch: null, message: null } satisfies Inventory["commit"];

/** A fresh copy of a fixture in a temp folder (outside git), for tests that add files. */
export function tempCopy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), "converge-scan-"));
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

/** The facts a fixture test pins, one row per member. */
export function rows(inventory: Inventory): Array<[string, number, string, string, string]> {
  return inventory.members.map((m) => [m.key, m.line, m.kind, m.classification, m.reason]);
}
