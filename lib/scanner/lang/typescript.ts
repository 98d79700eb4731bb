import type { Node } from "web-tree-sitter";
import type { ExtractedMember } from "../types";
import {
  aliasMember,
  bodyHash,
  bump,
  checkDeadline,
  collapse,
  countLoc,
  identifierAt,
  isClassLike,
  lastName,
  matchingSpans,
  rowRange,
  sameNode,
  type FileContext,
} from "./common";

const NAME_TYPES = new Set(["identifier", "type_identifier"]);
/** Nodes that define a class (the occurrence classifier shares them). */
export const CLASS_TYPES = new Set(["class_declaration", "abstract_class_declaration", "class"]);
const FUNCTION_TYPES = new Set([
  "function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
  "generator_function_declaration",
]);
const COMMENT = ["//", "/*", "*"];

/** A type-only import: `import type { … }` or `import { type X as Y }`. */
function typeOnly(specifier: Node, statement: Node): boolean {
  const isTypeKeyword = (node: Node | null) => node?.type === "type";
  return specifier.children.some(isTypeKeyword) || (statement.type === "import_statement" && statement.children.some(isTypeKeyword));
}

/** Members defined in one TypeScript / JavaScript module (TSX and JSX included). */
export function extractTypeScript(ctx: FileContext, root: Node): ExtractedMember[] {
  const members: ExtractedMember[] = [];
  const seen = new Set<number>();
  for (const [start, end] of matchingSpans(ctx)) {
    checkDeadline(ctx);
    const id = identifierAt(root, start, end, NAME_TYPES);
    const parent = id?.parent;
    if (!id || !parent) continue;
    if (CLASS_TYPES.has(parent.type) && sameNode(parent.childForFieldName("name"), id)) {
      const declarator = parent.parent;
      if (
        parent.type === "class" &&
        declarator?.type === "variable_declarator" &&
        ctx.pattern.test(declarator.childForFieldName("name")?.text ?? "")
      )
        continue;
      if (seen.has(parent.startIndex)) continue;
      seen.add(parent.startIndex);
      members.push(classMember(ctx, parent, id.text, false));
    } else if (parent.type === "variable_declarator" && sameNode(parent.childForFieldName("name"), id)) {
      const value = parent.childForFieldName("value");
      if (!value) continue;
      if (value.type === "class") {
        if (seen.has(value.startIndex)) continue;
        seen.add(value.startIndex);
        members.push(classMember(ctx, value, id.text, false));
      } else if ((value.type === "identifier" || value.type === "member_expression") && !insideFunction(parent)) {
        const target = lastName(value.text);
        if (target === id.text) continue;
        const statement = parent.parent ?? parent;
        members.push(aliasFrom(ctx, statement, id.text, target, "assignment"));
      }
    } else if (
      (parent.type === "export_specifier" || parent.type === "import_specifier") &&
      sameNode(parent.childForFieldName("alias"), id)
    ) {
      const original = parent.childForFieldName("name")?.text;
      if (!original || original === id.text) continue;
      let statement: Node = parent;
      while (statement.parent && statement.parent.type !== "program") statement = statement.parent;
      // `import type { X as Y }` names a type for this file only: nothing at run time can import Y from here.
      if (parent.type === "import_specifier" && typeOnly(parent, statement)) continue;
      members.push(aliasFrom(ctx, statement, id.text, original, parent.type === "export_specifier" ? "export" : "import"));
    }
  }
  if (ctx.options.subclasses) {
    for (const cls of root.descendantsOfType([...CLASS_TYPES])) {
      checkDeadline(ctx);
      if (!cls || seen.has(cls.startIndex) || !heritageOf(cls)) continue;
      const declarator = cls.parent?.type === "variable_declarator" ? cls.parent.childForFieldName("name")?.text : undefined;
      const name = cls.childForFieldName("name")?.text ?? declarator;
      if (!name) continue;
      members.push(classMember(ctx, cls, name, true));
    }
  }
  return members;
}

/** Inside a function or a class body: not a module-level statement. */
export function insideFunction(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type) || p.type === "class_body") return true;
  return false;
}

function aliasFrom(
  ctx: FileContext,
  statement: Node,
  name: string,
  target: string,
  via: "assignment" | "import" | "export",
): ExtractedMember {
  const deprecated = deprecatedComment(statement);
  return aliasMember(ctx, {
    name,
    qualifiedName: qualify(statement, name),
    node: statement,
    aliasOf: target,
    aliasVia: via,
    deprecated,
    deprecatedReason: deprecated ? "@deprecated JSDoc tag" : null,
  });
}

function qualify(node: Node, name: string): string {
  const parts = [name];
  for (let p = node.parent; p; p = p.parent) {
    if (CLASS_TYPES.has(p.type)) {
      const own = p.childForFieldName("name")?.text;
      const declared = p.parent?.type === "variable_declarator" ? p.parent.childForFieldName("name")?.text : undefined;
      parts.unshift(declared ?? own ?? "<anonymous>");
    } else if (FUNCTION_TYPES.has(p.type)) {
      const own = p.childForFieldName("name")?.text;
      const declared = p.parent?.type === "variable_declarator" ? p.parent.childForFieldName("name")?.text : undefined;
      parts.unshift(`${own ?? declared ?? "<anonymous>"}.<locals>`);
    } else if (p.type === "internal_module" || p.type === "module") {
      const own = p.childForFieldName("name")?.text;
      if (own) parts.unshift(own.replace(/^["']|["']$/g, ""));
    }
  }
  return parts.join(".");
}

/** The statement a declaration hangs from, for its leading JSDoc: `export`, `declare`, `const`. */
function outerStatement(node: Node): Node {
  let current = node;
  while (
    current.parent &&
    ["export_statement", "ambient_declaration", "variable_declarator", "lexical_declaration", "variable_declaration"].includes(
      current.parent.type,
    )
  ) {
    current = current.parent;
  }
  return current;
}

function deprecatedComment(node: Node): boolean {
  let prev = outerStatement(node).previousSibling;
  while (prev?.type === "comment") {
    if (/@deprecated\b/.test(prev.text)) return true;
    prev = prev.previousSibling;
  }
  return false;
}

function decoratorName(decorator: Node): string {
  const expr = decorator.namedChildren[0];
  const target = expr?.type === "call_expression" ? expr.childForFieldName("function") : expr;
  return collapse(target?.text ?? decorator.text.replace(/^@/, ""));
}

/** `@dec class A {}` puts the decorator on the class; `@dec export class A {}` on the export statement. */
function classDecorators(cls: Node): Node[] {
  const own = cls.namedChildren.filter((c): c is Node => c?.type === "decorator");
  const exported =
    cls.parent?.type === "export_statement" ? cls.parent.namedChildren.filter((c): c is Node => c?.type === "decorator") : [];
  return [...exported, ...own];
}

/** Decorators and comments written right before a class-body member: the grammar makes them its siblings. */
function leadingOf(member: Node): { decorators: string[]; comments: string[] } {
  const decorators: string[] = [];
  const comments: string[] = [];
  for (let prev = member.previousSibling; prev && (prev.type === "decorator" || prev.type === "comment"); prev = prev.previousSibling) {
    if (prev.type === "decorator") decorators.push(decoratorName(prev));
    else comments.push(prev.text);
  }
  // Decorators of a method can also be its own children, depending on the grammar version.
  for (const child of member.namedChildren) if (child?.type === "decorator") decorators.push(decoratorName(child));
  return { decorators, comments };
}

const isDeprecatedDecorator = (d: string) => /(^|\.)deprecated$/i.test(d);
const JSDOC_DEPRECATED = /^\/\*\*[\s\S]*@deprecated\b/;

/**
 * A runtime deprecation warning in a body: `process.emitWarning(msg, "DeprecationWarning")` (or
 * `{ type: "DeprecationWarning" }`), or `console.warn("… deprecated …")`.
 */
function warnsDeprecation(body: Node | null): boolean {
  for (const call of body?.descendantsOfType("call_expression") ?? []) {
    if (!call) continue;
    const chain = calleeChain(call.childForFieldName("function"));
    const callee = chain[chain.length - 1] ?? "";
    const args = call.childForFieldName("arguments")?.text ?? "";
    if (callee === "emitWarning" && /DeprecationWarning/.test(args)) return true;
    if (chain[0] === "console" && callee === "warn" && /deprecat/i.test(args)) return true;
  }
  return false;
}

/**
 * Whether the class itself is deprecated (JSDoc tag or decorator on the class, a JSDoc tag or warning
 * on its constructor), and which methods are deprecated only themselves (JSDoc tag, decorator, warning).
 */
function classDeprecation(
  cls: Node,
  decorators: string[],
  bodyMembers: Node[],
  ctor: Node | null,
): { reason: string | null; methods: string[] } {
  let reason: string | null = deprecatedComment(cls)
    ? "@deprecated JSDoc tag"
    : decorators.some(isDeprecatedDecorator)
      ? "@deprecated decorator"
      : null;
  const methods: string[] = [];
  for (const member of bodyMembers) {
    if (member.type !== "method_definition" && member.type !== "method_signature" && member.type !== "abstract_method_signature") continue;
    const leading = leadingOf(member);
    const tagged = leading.comments.some((c) => JSDOC_DEPRECATED.test(c)) || leading.decorators.some(isDeprecatedDecorator);
    const warns = warnsDeprecation(member.childForFieldName("body"));
    if (!tagged && !warns) continue;
    if (ctor && sameNode(member, ctor)) reason ??= tagged ? "@deprecated tag on the constructor" : "deprecation warning in the constructor";
    else methods.push(member.childForFieldName("name")?.text ?? "?");
  }
  return { reason, methods: [...new Set(methods)] };
}

function heritageOf(cls: Node): Node | null {
  return cls.namedChildren.find((c): c is Node => c?.type === "class_heritage") ?? null;
}

function calleeChain(node: Node | null): string[] {
  const out: string[] = [];
  let current = node;
  while (current) {
    if (current.type === "identifier" || current.type === "this" || current.type === "super") {
      out.unshift(current.type === "identifier" ? current.text : current.type);
      break;
    }
    if (current.type === "member_expression") {
      const prop = current.childForFieldName("property");
      if (prop) out.unshift(prop.text);
      current = current.childForFieldName("object");
    } else if (current.type === "call_expression") {
      current = current.childForFieldName("function");
    } else if (
      current.type === "await_expression" ||
      current.type === "parenthesized_expression" ||
      current.type === "non_null_expression"
    ) {
      current = current.namedChildren[0] ?? null;
    } else if (current.type === "subscript_expression") {
      current = current.childForFieldName("object");
    } else {
      break;
    }
  }
  return out;
}

function typeNames(node: Node | null): string[] {
  if (!node) return [];
  const ids = node.type === "type_identifier" ? [node] : node.descendantsOfType(["type_identifier", "identifier"]);
  return ids.filter((n): n is Node => n !== null && isClassLike(n.text)).map((n) => n.text);
}

function isPublicMember(member: Node): boolean {
  const name = member.childForFieldName("name");
  if (!name || name.type === "private_property_identifier") return false;
  const access = member.namedChildren.find((c) => c?.type === "accessibility_modifier");
  return !access || access.text === "public";
}

function paramName(param: Node): string {
  if (param.type === "required_parameter" || param.type === "optional_parameter") {
    const pattern = param.childForFieldName("pattern");
    return pattern ? paramName(pattern) : collapse(param.text);
  }
  if (param.type === "assignment_pattern") return paramName(param.childForFieldName("left") ?? param);
  if (param.type === "rest_pattern") return `...${param.namedChildren[0]?.text ?? ""}`;
  return collapse(param.text);
}

function classMember(ctx: FileContext, cls: Node, name: string, candidate: boolean): ExtractedMember {
  const body = cls.childForFieldName("body");
  const heritage = heritageOf(cls);
  const bases: string[] = [];
  for (const clause of heritage?.namedChildren ?? []) {
    if (!clause) continue;
    if (clause.type === "extends_clause" || clause.type === "implements_clause") {
      for (const value of clause.namedChildren) if (value && value.type !== "type_arguments") bases.push(collapse(value.text));
    } else {
      bases.push(collapse(clause.text));
    }
  }
  const decorators = classDecorators(cls).map(decoratorName);
  const ambient = (() => {
    for (let p = cls.parent; p; p = p.parent) if (p.type === "ambient_declaration") return true;
    return false;
  })();
  const isAbstractClass = cls.type === "abstract_class_declaration";

  const members = (body?.namedChildren ?? []).filter((c): c is Node => c !== null);
  const concrete = members.filter((m) => m.type === "method_definition");
  const abstractSigs = members.filter((m) => m.type === "abstract_method_signature");
  const signatures = members.filter((m) => m.type === "method_signature");
  const methodName = (m: Node) => m.childForFieldName("name")?.text ?? "?";
  const ctor = concrete.find((m) => methodName(m) === "constructor");
  const publicMethods = [...concrete, ...abstractSigs, ...signatures].filter((m) => methodName(m) !== "constructor" && isPublicMember(m));
  const abstractNames = abstractSigs.map(methodName);
  const nonCtorConcrete = concrete.filter((m) => methodName(m) !== "constructor");
  const onlyAbstractMethods = isAbstractClass && abstractSigs.length > 0 && nonCtorConcrete.length === 0;
  const abstractReason = isAbstractClass
    ? `abstract class${abstractNames.length ? ` (abstract methods: ${abstractNames.join(", ")})` : ""}`
    : null;

  const ctorParams = (ctor?.childForFieldName("parameters")?.namedChildren ?? []).filter(
    (p): p is Node => p !== null && p.type !== "comment",
  );
  const constructorInfo = ctor
    ? { params: ctorParams.map((p) => collapse(p.text)), signature: `(${ctorParams.map(paramName).join(", ")})` }
    : null;

  const bindings = new Map<string, string>();
  for (const p of ctorParams) {
    const hasModifier =
      p.namedChildren.some((c) => c?.type === "accessibility_modifier" || c?.type === "override_modifier") || /^\s*readonly\b/.test(p.text);
    const type = typeNames(p.childForFieldName("type"))[0];
    if (hasModifier && type) bindings.set(paramName(p), type);
  }
  for (const field of members.filter((m) => m.type === "public_field_definition" || m.type === "field_definition")) {
    const fieldName = (field.childForFieldName("name") ?? field.childForFieldName("property"))?.text;
    const value = field.childForFieldName("value");
    const type =
      typeNames(field.childForFieldName("type"))[0] ??
      (value?.type === "new_expression" ? typeNames(value.childForFieldName("constructor"))[0] : undefined);
    if (fieldName && type) bindings.set(fieldName, type);
  }
  const paramTypes = new Map<string, string>();
  for (const p of ctorParams) {
    const type = typeNames(p.childForFieldName("type"))[0];
    if (type) paramTypes.set(paramName(p), type);
  }
  for (const assignment of body?.descendantsOfType("assignment_expression") ?? []) {
    const left = assignment?.childForFieldName("left");
    if (!assignment || left?.type !== "member_expression" || left.childForFieldName("object")?.type !== "this") continue;
    const attr = left.childForFieldName("property")?.text ?? "";
    const right = assignment.childForFieldName("right");
    let type: string | undefined;
    if (right?.type === "new_expression") type = typeNames(right.childForFieldName("constructor"))[0];
    else if (right?.type === "identifier") type = paramTypes.get(right.text);
    if (type) bindings.set(attr, type);
  }

  const calls: Record<string, number> = {};
  let emits = 0;
  for (const call of body?.descendantsOfType(["call_expression", "new_expression"]) ?? []) {
    if (!call) continue;
    if (call.type === "new_expression") {
      if (call.parent?.type === "throw_statement") continue;
      const type = typeNames(call.childForFieldName("constructor"))[0];
      if (type) bump(calls, type);
      continue;
    }
    const chain = calleeChain(call.childForFieldName("function"));
    if (chain.some((part) => ctx.events.test(part))) emits++;
    if (chain[0] === "this" && chain.length >= 3) {
      const bound = bindings.get(chain[1] as string);
      if (bound) bump(calls, bound);
    } else if (chain[0] !== "this" && chain[0] !== "super") {
      const named = chain.find(isClassLike);
      if (named) bump(calls, named);
    }
  }
  checkDeadline(ctx);

  let delegatingMethods = 0;
  const returns = new Set<string>();
  for (const method of [...concrete, ...abstractSigs, ...signatures]) {
    for (const n of typeNames(method.childForFieldName("return_type"))) returns.add(n);
    for (const ret of method.descendantsOfType("return_statement")) {
      const value = ret?.namedChildren[0];
      if (value?.type === "new_expression") for (const n of typeNames(value.childForFieldName("constructor")).slice(0, 1)) returns.add(n);
    }
    if (method.type !== "method_definition" || methodName(method) === "constructor" || !isPublicMember(method)) continue;
    const statements = (method.childForFieldName("body")?.namedChildren ?? []).filter((s): s is Node => s !== null && s.type !== "comment");
    const only = statements.length === 1 ? statements[0] : undefined;
    let expr = only?.type === "return_statement" || only?.type === "expression_statement" ? only.namedChildren[0] : undefined;
    if (expr?.type === "await_expression") expr = expr.namedChildren[0];
    if (expr?.type === "call_expression") {
      const chain = calleeChain(expr.childForFieldName("function"));
      if (chain[0] === "this" && chain.length >= 3) delegatingMethods++;
    }
  }

  const skipRows = new Set<number>();
  for (const comment of cls.descendantsOfType("comment")) if (comment) rowRange(comment, skipRows);
  const anchor = cls.type === "class" ? (cls.parent?.type === "variable_declarator" ? cls.parent : cls) : cls;
  const startRow = anchor.startPosition.row;
  const endRow = cls.endPosition.row;
  const lines = ctx.lines();
  const deprecation = classDeprecation(cls, decorators, members, ctor ?? null);

  return {
    name,
    qualifiedName: qualify(cls, name),
    kind: "class",
    language: ctx.language,
    file: ctx.file,
    line: startRow + 1,
    endLine: endRow + 1,
    loc: countLoc(lines, startRow, endRow, skipRows, COMMENT),
    bases,
    decorators,
    constructor: constructorInfo,
    methods: publicMethods.map(methodName),
    abstract: isAbstractClass,
    abstractReason,
    onlyAbstractMethods,
    protocol: false,
    ambient,
    deprecated: deprecation.reason !== null,
    deprecatedReason: deprecation.reason,
    deprecatedMethods: deprecation.methods,
    aliasOf: null,
    aliasVia: null,
    emits,
    bodyHash: bodyHash(lines, startRow, endRow, skipRows, COMMENT),
    calls,
    delegatingMethods,
    publicMethodCount: publicMethods.filter((m) => m.type === "method_definition").length,
    returns: [...returns],
    candidate,
  };
}
