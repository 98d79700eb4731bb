import type { Node } from "web-tree-sitter";
import { lastName, sameNode } from "../lang/common";
import { CLASS_TYPES, insideFunction } from "../lang/typescript";
import type { FamilyPattern } from "../pattern";
import { enclosing, lineIndex, onClassLine, occurrence, spansOf } from "./common";
import type { BlobOccurrences, Occurrence } from "./types";

const COMMENT = new Set(["comment"]);
const STRING = new Set(["string", "template_string", "regex", "jsx_text"]);
const IMPORT = new Set(["import_statement"]);
const EXPORT = new Set(["export_statement"]);

/** Every matching word of one TypeScript / JavaScript module, classified by the syntax around it. */
export function typescriptOccurrences(root: Node, text: string, family: FamilyPattern): BlobOccurrences {
  const lineOf = lineIndex(text);
  const occurrences: Occurrence[] = [];
  const imports: Record<string, string | null> = {};
  for (const [start, end] of spansOf(text, family)) {
    const word = text.slice(start, end);
    const line = lineOf(start);
    const node = root.descendantForIndex(start, end);
    const exact = node && node.startIndex === start && node.endIndex === end && node.type.endsWith("identifier");
    if (!exact) {
      occurrences.push(onClassLine(occurrence(word, line, textKind(node)), text, start));
      continue;
    }
    const found = classifyIdentifier(node, word, line);
    if ((found.kind === "import" || found.kind === "alias") && found.module !== undefined) imports[word] = found.module;
    occurrences.push(onClassLine(found, text, start));
  }
  return { occurrences, imports };
}

/** JSDoc (`/** … *\/`) is the TS/JS docstring; other comments are comments. */
function textKind(node: Node | null): Occurrence["kind"] {
  const comment = enclosing(node, COMMENT);
  if (comment) return comment.text.startsWith("/**") ? "docstring" : "comment";
  if (enclosing(node, STRING)) return "string";
  return "reference";
}

function classifyIdentifier(id: Node, word: string, line: number): Occurrence {
  const parent = id.parent;
  if (parent && CLASS_TYPES.has(parent.type) && sameNode(parent.childForFieldName("name"), id)) return occurrence(word, line, "definition");
  if (parent?.type === "variable_declarator" && sameNode(parent.childForFieldName("name"), id)) {
    const value = parent.childForFieldName("value");
    if (value?.type === "class") return occurrence(word, line, "definition");
    if (value && (value.type === "identifier" || value.type === "member_expression") && !insideFunction(parent)) {
      const target = lastName(value.text);
      if (target !== word) return occurrence(word, line, "alias", { aliasOf: target });
    }
    return occurrence(word, line, "reference");
  }
  const importStatement = enclosing(id, IMPORT);
  if (importStatement) {
    const module = modulePath(importStatement);
    return specifier(parent, id, word, line, module) ?? occurrence(word, line, "import", { module });
  }
  if (parent?.type === "export_specifier") {
    const exportStatement = enclosing(parent, EXPORT);
    const module = exportStatement?.childForFieldName("source") ? modulePath(exportStatement) : undefined;
    const aliased = specifier(parent, id, word, line, module ?? null);
    if (aliased) return aliased;
    return module === undefined ? occurrence(word, line, "reference") : occurrence(word, line, "import", { module });
  }
  return occurrence(word, line, "reference");
}

/** `{ A as B }`: B is an alias of A when the names differ. */
function specifier(parent: Node | null, id: Node, word: string, line: number, module: string | null): Occurrence | null {
  if (parent?.type !== "import_specifier" && parent?.type !== "export_specifier") return null;
  if (!sameNode(parent.childForFieldName("alias"), id)) return null;
  const original = parent.childForFieldName("name")?.text;
  if (!original || original === word) return null;
  return occurrence(word, line, "alias", { aliasOf: original, module });
}

const EXTENSION = /\.(d\.ts|ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** `./engine.js` → `./engine` (relative to the file: resolved later); `@/lib/engine` → `lib/engine`; a package name stays as written. */
function modulePath(statement: Node): string | null {
  const source = statement.childForFieldName("source");
  if (!source) return null;
  const spec = source.text.replace(/^["'`]|["'`]$/g, "").replace(EXTENSION, "");
  return spec.startsWith(".") ? spec : spec.replace(/^[@~]\//, "");
}
