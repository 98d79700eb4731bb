import type { Node } from "web-tree-sitter";
import type { FamilyPattern } from "../pattern";
import type { Language } from "../types";
import { pythonOccurrences } from "./python";
import type { BlobOccurrences } from "./types";
import { typescriptOccurrences } from "./typescript";

export type { BlobOccurrences, FileOccurrences, Occurrence, OccurrenceKind } from "./types";

/**
 * Every occurrence of a word matching the family pattern in one parsed file, classified by its syntax.
 * Pure per blob (the tree and its text; relative imports stay relative): equal bytes give equal results, so it caches by blob.
 */
export function extractOccurrences(root: Node, text: string, language: Language, family: FamilyPattern): BlobOccurrences {
  return language === "python" ? pythonOccurrences(root, text, family) : typescriptOccurrences(root, text, family);
}
