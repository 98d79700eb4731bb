import type { Node } from "web-tree-sitter";
import { lastName, sameNode } from "../lang/common";
import type { FamilyPattern } from "../pattern";
import { enclosing, exactNode, lineIndex, onClassLine, occurrence, spansOf } from "./common";
import type { BlobOccurrences, Occurrence } from "./types";

const IDENT = new Set(["identifier"]);
const COMMENT = new Set(["comment"]);
const STRING = new Set(["string"]);
const IMPORTS = new Set(["import_statement", "import_from_statement", "future_import_statement"]);
const SCOPES = new Set(["function_definition", "lambda"]);

/** Every matching word of one Python module, classified by the syntax around it. */
export function pythonOccurrences(root: Node, text: string, family: FamilyPattern): BlobOccurrences {
  const lineOf = lineIndex(text);
  const occurrences: Occurrence[] = [];
  const imports: Record<string, string | null> = {};
  for (const [start, end] of spansOf(text, family)) {
    const word = text.slice(start, end);
    const line = lineOf(start);
    const id = exactNode(root, start, end, IDENT);
    if (!id) {
      occurrences.push(onClassLine(occurrence(word, line, textKind(root.descendantForIndex(start, end))), text, start));
      continue;
    }
    const found = classifyIdentifier(id, word, line);
    if (found.kind === "import" || found.kind === "alias") {
      if (found.module !== undefined) imports[word] = found.module;
    }
    occurrences.push(onClassLine(found, text, start));
  }
  return { occurrences, imports };
}

/** A word that is not an identifier: a comment, a docstring, another string, or (inside broken syntax) a reference. */
function textKind(node: Node | null): Occurrence["kind"] {
  if (enclosing(node, COMMENT)) return "comment";
  const string = enclosing(node, STRING);
  if (string) return isDocstring(string) ? "docstring" : "string";
  return "reference";
}

/** The first statement of a module, class or function body, when it is a lone string (or adjacent strings). */
function isDocstring(string: Node): boolean {
  const expression = string.parent?.type === "concatenated_string" ? string.parent : string;
  const statement = expression.parent;
  if (statement?.type !== "expression_statement" || statement.namedChildCount !== 1) return false;
  const body = statement.parent;
  if (!body) return false;
  const bodyOwner =
    body.type === "module" || (body.type === "block" && ["class_definition", "function_definition"].includes(body.parent?.type ?? ""));
  if (!bodyOwner) return false;
  const first = body.namedChildren.find((c) => c !== null && c.type !== "comment");
  return sameNode(first, statement);
}

function hasAncestor(node: Node, types: ReadonlySet<string>): boolean {
  for (let p = node.parent; p; p = p.parent) if (types.has(p.type)) return true;
  return false;
}

function classifyIdentifier(id: Node, word: string, line: number): Occurrence {
  const parent = id.parent;
  if (parent?.type === "class_definition" && sameNode(parent.childForFieldName("name"), id)) return occurrence(word, line, "definition");
  const statement = enclosing(id, IMPORTS);
  if (statement) return importOccurrence(statement, id, word, line);
  // The extractor's alias rule: a module- or class-level `Name = Other` (or `Name = pkg.Other`).
  if (parent?.type === "assignment" && sameNode(parent.childForFieldName("left"), id)) {
    const right = parent.childForFieldName("right");
    if (right && (right.type === "identifier" || right.type === "attribute") && !hasAncestor(parent, SCOPES)) {
      const target = lastName(right.text);
      if (target !== word) return occurrence(word, line, "alias", { aliasOf: target });
    }
  }
  return occurrence(word, line, "reference");
}

function importOccurrence(statement: Node, id: Node, word: string, line: number): Occurrence {
  if (statement.type !== "import_from_statement") return occurrence(word, line, "import", { module: null });
  const moduleNode = statement.childForFieldName("module_name");
  const module = moduleNode ? modulePath(moduleNode) : null;
  if (moduleNode && id.startIndex >= moduleNode.startIndex && id.endIndex <= moduleNode.endIndex) {
    return occurrence(word, line, "import", { module: null }); // a word in the module path, not an imported name
  }
  const aliased = id.parent;
  if (aliased?.type === "aliased_import" && sameNode(aliased.childForFieldName("alias"), id)) {
    const original = lastName(aliased.childForFieldName("name")?.text ?? word);
    if (original !== word) return occurrence(word, line, "alias", { aliasOf: original, module });
  }
  return occurrence(word, line, "import", { module });
}

/** `from .a.b import X` → `./a/b`; `from ..a import X` → `../a`; `from pkg.mod import X` → `pkg/mod` (relative to the file: resolved later). */
function modulePath(node: Node): string {
  if (node.type !== "relative_import") return node.text.replace(/\s+/g, "").split(".").join("/");
  const prefix = node.namedChildren.find((c) => c?.type === "import_prefix")?.text ?? ".";
  const dotted = node.namedChildren.find((c) => c?.type === "dotted_name")?.text.replace(/\s+/g, "") ?? "";
  const up = prefix.length <= 1 ? "./" : "../".repeat(prefix.length - 1);
  return `${up}${dotted.split(".").join("/")}`;
}
