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
  wordSpans,
  type FileContext,
} from "./common";

const IDENT = new Set(["identifier"]);
const COMMENT = ["#"];
const DEPRECATION_WORDS = ["DeprecationWarning", "PendingDeprecationWarning"];

/** Members defined in one Python module. */
export function extractPython(ctx: FileContext, root: Node): ExtractedMember[] {
  const members: ExtractedMember[] = [];
  const seenClasses = new Set<number>();
  const deprecationHits = DEPRECATION_WORDS.flatMap((w) => wordSpans(ctx.text, w))
    .map(([s, e]) => identifierAt(root, s, e, IDENT))
    .filter((n): n is Node => n !== null && isWarningSite(n));
  const moduleDeprecated = deprecationHits.some((n) => !hasAncestor(n, ["class_definition", "function_definition"]));

  for (const [start, end] of matchingSpans(ctx)) {
    checkDeadline(ctx);
    const id = identifierAt(root, start, end, IDENT);
    const parent = id?.parent;
    if (!id || !parent) continue;
    if (parent.type === "class_definition" && sameNode(parent.childForFieldName("name"), id)) {
      seenClasses.add(parent.startIndex);
      members.push(classMember(ctx, parent, deprecationHits, false));
    } else if (parent.type === "assignment" && sameNode(parent.childForFieldName("left"), id)) {
      const right = parent.childForFieldName("right");
      if (!right || (right.type !== "identifier" && right.type !== "attribute")) continue;
      if (hasAncestor(parent, ["function_definition", "lambda"])) continue;
      const target = lastName(right.text);
      if (target === id.text) continue;
      const statement = parent.parent?.type === "expression_statement" ? parent.parent : parent;
      members.push(
        aliasMember(ctx, {
          name: id.text,
          qualifiedName: qualify(statement, id.text),
          node: statement,
          aliasOf: target,
          aliasVia: "assignment",
          deprecated: moduleDeprecated,
          deprecatedReason: moduleDeprecated ? "module warns DeprecationWarning" : null,
        }),
      );
    } else if (parent.type === "aliased_import" && sameNode(parent.childForFieldName("alias"), id)) {
      const statement = parent.parent;
      if (statement?.type !== "import_from_statement") continue;
      const original = parent.childForFieldName("name");
      if (!original || lastName(original.text) === id.text) continue;
      members.push(
        aliasMember(ctx, {
          name: id.text,
          qualifiedName: qualify(statement, id.text),
          node: statement,
          aliasOf: lastName(original.text),
          aliasVia: "import",
          deprecated: moduleDeprecated,
          deprecatedReason: moduleDeprecated ? "module warns DeprecationWarning" : null,
        }),
      );
    }
  }

  if (ctx.options.subclasses) {
    for (const cls of root.descendantsOfType("class_definition")) {
      checkDeadline(ctx);
      if (seenClasses.has(cls.startIndex) || !cls.childForFieldName("superclasses")) continue;
      members.push(classMember(ctx, cls, deprecationHits, true));
    }
  }
  return members;
}

/** Calls that silence or test for a warning category rather than raise one. */
const WARNING_FILTERS = new Set([
  "filterwarnings",
  "simplefilter",
  "catch_warnings",
  "warns",
  "deprecated_call",
  "isinstance",
  "issubclass",
]);

/**
 * Whether a `DeprecationWarning` identifier raises a warning: an argument of a call such as
 * `warnings.warn(msg, DeprecationWarning)` or a `raise`, not `except DeprecationWarning:`,
 * `warnings.simplefilter("ignore", DeprecationWarning)` or a base class list.
 */
function isWarningSite(hit: Node): boolean {
  for (let p = hit.parent; p; p = p.parent) {
    if (p.type === "call") {
      const chain = calleeChain(p.childForFieldName("function"));
      const callee = chain[chain.length - 1] ?? "";
      if (WARNING_FILTERS.has(callee)) return false;
      // `class X(DeprecationWarning)` lists a base; the class definition's argument_list is not a call.
      return true;
    }
    if (p.type === "raise_statement") return true;
    if (p.type === "block" || p.type === "class_definition" || p.type === "function_definition" || p.type === "module") return false;
  }
  return false;
}

/** Where a warning sits for one class: its body, or one of its methods (and whether under a condition there). */
type DeprecationSite = { kind: "class" } | { kind: "method"; method: string; conditional: boolean };

const CONSTRUCTORS = new Set(["__init__", "__new__"]);
/** Statements that make a warning conditional: it is about one call form (an argument), not every use. */
const CONDITIONS = new Set([
  "if_statement",
  "elif_clause",
  "else_clause",
  "try_statement",
  "except_clause",
  "for_statement",
  "while_statement",
  "conditional_expression",
  "boolean_operator",
  "match_statement",
]);

function deprecationSite(hit: Node, cls: Node): DeprecationSite | null {
  const body = cls.childForFieldName("body");
  if (!body || hit.startIndex < body.startIndex || hit.endIndex > body.endIndex) return null;
  let method: string | null = null;
  let conditional = false;
  let conditionalInMethod = false;
  for (let p = hit.parent; p; p = p.parent) {
    if (CONDITIONS.has(p.type)) conditional = true;
    if (p.type === "function_definition") {
      method = p.childForFieldName("name")?.text ?? "?";
      conditionalInMethod = conditional;
    } else if (p.type === "class_definition") {
      // The nearest enclosing class must be this one: a nested class's warnings are its own.
      if (p.startIndex !== cls.startIndex) return null;
      return method === null ? { kind: "class" } : { kind: "method", method, conditional: conditionalInMethod };
    }
  }
  return null;
}

/** The text of a warning's message: the string literals of the first argument of the call that carries it. */
function warningMessage(hit: Node): string {
  let call: Node | null = hit.parent;
  while (call && call.type !== "call" && call.type !== "block") call = call.parent;
  if (call?.type !== "call") return "";
  const first = call?.childForFieldName("arguments")?.namedChildren[0];
  if (!first) return "";
  const strings = first.type === "string" ? [first] : first.descendantsOfType("string").filter((n): n is Node => n !== null);
  return strings.map((n) => n.text.replace(/^[rbuf]*("""|'''|"|')|("""|'''|"|')$/gi, "")).join("");
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "OpenTelemetryIntegration is deprecated. Use …": the message's subject is the class itself. */
function namesClassAsDeprecated(message: string, className: string): boolean {
  return new RegExp(
    `^\\W*(?:[\\w.]+\\.)?${escapeRegExp(className)}\\W*\\s+(?:is|has been|was|is now|will be)\\s+(?:deprecated|removed)`,
    "i",
  ).test(message);
}

function hasAncestor(node: Node, types: readonly string[]): boolean {
  for (let p = node.parent; p; p = p.parent) if (types.includes(p.type)) return true;
  return false;
}

/** Python-style qualified name: `Outer.Inner`, `make.<locals>.Local`. */
function qualify(node: Node, name: string): string {
  const parts = [name];
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "class_definition") parts.unshift(p.childForFieldName("name")?.text ?? "?");
    else if (p.type === "function_definition") parts.unshift(`${p.childForFieldName("name")?.text ?? "?"}.<locals>`);
  }
  return parts.join(".");
}

function decoratorName(decorator: Node): string {
  const expr = decorator.namedChildren[0];
  if (!expr) return collapse(decorator.text.replace(/^@/, ""));
  const target = expr.type === "call" ? expr.childForFieldName("function") : expr;
  return collapse(target?.text ?? expr.text);
}

function decoratorsOf(definition: Node): string[] {
  const parent = definition.parent;
  if (parent?.type !== "decorated_definition") return [];
  return parent.namedChildren.filter((c): c is Node => c?.type === "decorator").map(decoratorName);
}

/** Statements of a block, docstring removed; plus the docstring node. */
function statementsOf(block: Node | null): { statements: Node[]; docstring: Node | null } {
  if (!block) return { statements: [], docstring: null };
  const statements = block.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
  const first = statements[0];
  if (first?.type === "expression_statement" && first.namedChildren[0]?.type === "string" && first.namedChildCount === 1) {
    return { statements: statements.slice(1), docstring: first };
  }
  return { statements, docstring: null };
}

interface MethodInfo {
  name: string;
  node: Node;
  decorators: string[];
  abstract: boolean;
  stub: boolean;
  raisesNotImplemented: boolean;
}

function methodsOf(body: Node | null): MethodInfo[] {
  const out: MethodInfo[] = [];
  for (const child of body?.namedChildren ?? []) {
    if (!child) continue;
    const fn = child.type === "decorated_definition" ? child.childForFieldName("definition") : child;
    if (fn?.type !== "function_definition") continue;
    const decorators = decoratorsOf(fn);
    const { statements } = statementsOf(fn.childForFieldName("body"));
    const only = statements.length === 1 ? statements[0] : undefined;
    const stub =
      statements.length === 0 ||
      (statements.length === 1 &&
        (only?.type === "pass_statement" || (only?.type === "expression_statement" && only.text.trim() === "...")));
    const raisesNotImplemented = only?.type === "raise_statement" && /\bNotImplemented(Error)?\b/.test(only.text);
    out.push({
      name: fn.childForFieldName("name")?.text ?? "?",
      node: fn,
      decorators,
      abstract: decorators.some((d) => /(^|\.)abstract(method|property|classmethod|staticmethod)$/.test(d)),
      stub,
      raisesNotImplemented,
    });
  }
  return out;
}

function paramName(param: Node): string {
  switch (param.type) {
    case "identifier":
      return param.text;
    case "list_splat_pattern":
      return `*${param.namedChildren[0]?.text ?? ""}`;
    case "dictionary_splat_pattern":
      return `**${param.namedChildren[0]?.text ?? ""}`;
    case "keyword_separator":
      return "*";
    case "positional_separator":
      return "/";
    case "default_parameter":
    case "typed_default_parameter":
      return param.childForFieldName("name")?.text ?? collapse(param.text);
    case "typed_parameter": {
      const inner = param.namedChildren[0];
      return inner ? paramName(inner) : collapse(param.text);
    }
    default:
      return collapse(param.text);
  }
}

function constructorOf(methods: MethodInfo[], body: Node | null, decorators: string[]): ExtractedMember["constructor"] {
  const init = methods.find((m) => m.name === "__init__");
  if (init) {
    const params = (init.node.childForFieldName("parameters")?.namedChildren ?? []).filter(
      (p): p is Node => p !== null && p.type !== "comment",
    );
    const first = params[0];
    const rest = first && ["self", "cls"].includes(paramName(first)) ? params.slice(1) : params;
    return {
      params: rest.map((p) => collapse(p.text)),
      signature: `(${rest.map(paramName).join(", ")})`,
    };
  }
  if (decorators.some((d) => /(^|\.)(dataclass|define|frozen|attrs|attr\.s)$/.test(d))) {
    const fields: Node[] = [];
    for (const stmt of body?.namedChildren ?? []) {
      const assignment = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : null;
      if (assignment?.type !== "assignment" || !assignment.childForFieldName("type")) continue;
      if (/ClassVar/.test(assignment.childForFieldName("type")?.text ?? "")) continue;
      fields.push(assignment);
    }
    return {
      params: fields.map((f) => collapse(f.text)),
      signature: `(${fields.map((f) => f.childForFieldName("left")?.text ?? "?").join(", ")})`,
    };
  }
  return null;
}

/** Identifiers a callee goes through: `self._ws.emit_event` → [self, _ws, emit_event]. */
function calleeChain(node: Node | null): string[] {
  const out: string[] = [];
  let current = node;
  while (current) {
    if (current.type === "identifier") {
      out.unshift(current.text);
      break;
    }
    if (current.type === "attribute") {
      const attr = current.childForFieldName("attribute");
      if (attr) out.unshift(attr.text);
      current = current.childForFieldName("object");
    } else if (current.type === "call") {
      current = current.childForFieldName("function");
    } else if (current.type === "subscript") {
      current = current.childForFieldName("value");
    } else if (current.type === "await" || current.type === "parenthesized_expression") {
      current = current.namedChildren[0] ?? null;
    } else {
      break;
    }
  }
  return out;
}

function firstClassLike(node: Node | null): string | null {
  if (!node) return null;
  if (node.type === "string") {
    const inner = node.text.replace(/^[rbuf]*["']+|["']+$/gi, "");
    return /^[\w.]+$/.test(inner) && isClassLike(lastName(inner)) ? lastName(inner) : null;
  }
  const ids = node.type === "identifier" ? [node] : node.descendantsOfType(["identifier", "string"]);
  for (const id of ids) {
    if (!id) continue;
    if (id.type === "string") {
      const name = firstClassLike(id);
      if (name) return name;
    } else if (isClassLike(id.text)) return id.text;
  }
  return null;
}

function annotationNames(node: Node | null): string[] {
  if (!node) return [];
  const out: string[] = [];
  for (const id of node.descendantsOfType(["identifier", "string"])) {
    if (!id) continue;
    const name = id.type === "string" ? firstClassLike(id) : isClassLike(id.text) ? id.text : null;
    if (name) out.push(name);
  }
  if (node.type === "identifier" && isClassLike(node.text)) out.push(node.text);
  return out;
}

const isDeprecatedDecorator = (d: string) => /(^|\.)deprecated$/.test(d);

/**
 * Whether the class itself is deprecated (`@deprecated` on the class, a warning at class level or in
 * `__init__`/`__new__`), and which methods warn only about themselves (a warning or `@deprecated` there).
 */
function classDeprecation(
  cls: Node,
  decorators: string[],
  methods: MethodInfo[],
  hits: Node[],
): { reason: string | null; methods: string[] } {
  let reason: string | null = decorators.some(isDeprecatedDecorator) ? "@deprecated decorator" : null;
  const deprecatedMethods = new Set<string>();
  const className = cls.childForFieldName("name")?.text ?? "";
  for (const hit of hits) {
    const site = deprecationSite(hit, cls);
    if (!site) continue;
    if (site.kind === "class") reason ??= `${hit.text} at class level`;
    // An unconditional constructor warning fires on every use; a conditional one is about one call form.
    else if (CONSTRUCTORS.has(site.method) && !site.conditional) reason ??= `${hit.text} in ${site.method}`;
    else if (namesClassAsDeprecated(warningMessage(hit), className))
      reason ??= `${hit.text} in ${site.method}: "${className} is deprecated"`;
    else deprecatedMethods.add(site.method);
  }
  for (const method of methods) {
    if (!method.decorators.some(isDeprecatedDecorator)) continue;
    if (CONSTRUCTORS.has(method.name)) reason ??= `@deprecated ${method.name}`;
    else deprecatedMethods.add(method.name);
  }
  // Source order, once per name (a property's getter and setter share one).
  return { reason, methods: [...new Set(methods.map((m) => m.name))].filter((name) => deprecatedMethods.has(name)) };
}

function classMember(ctx: FileContext, cls: Node, deprecationHits: Node[], candidate: boolean): ExtractedMember {
  const name = cls.childForFieldName("name")?.text ?? "?";
  const body = cls.childForFieldName("body");
  const decorators = decoratorsOf(cls);
  const superclasses = cls.childForFieldName("superclasses");
  const bases: string[] = [];
  let metaclassAbc = false;
  for (const arg of superclasses?.namedChildren ?? []) {
    if (!arg || arg.type === "comment") continue;
    if (arg.type === "keyword_argument") {
      if (arg.childForFieldName("name")?.text === "metaclass" && /ABCMeta$/.test(arg.childForFieldName("value")?.text ?? ""))
        metaclassAbc = true;
      continue;
    }
    bases.push(collapse(arg.text));
  }
  const baseNames = bases.map((b) => lastName(b.replace(/\[.*$/s, "")));
  const protocol = baseNames.includes("Protocol");
  const abcBase = baseNames.includes("ABC") || metaclassAbc;

  const methods = methodsOf(body);
  const ownMethods = methods.filter((m) => !/^__.*__$/.test(m.name));
  const publicMethods = methods.filter((m) => !m.name.startsWith("_"));
  const abstractMethods = methods.filter((m) => m.abstract).map((m) => m.name);
  const isAbstractShape = (m: MethodInfo) => m.abstract || m.raisesNotImplemented || (protocol && m.stub);
  const onlyAbstractMethods = ownMethods.length > 0 && ownMethods.every(isAbstractShape);
  const allRaise = publicMethods.length > 0 && publicMethods.every((m) => m.raisesNotImplemented);

  let abstractReason: string | null = null;
  if (protocol) abstractReason = "Protocol class";
  else if (abstractMethods.length > 0) abstractReason = `abstract methods: ${abstractMethods.join(", ")}${abcBase ? " (ABC base)" : ""}`;
  else if (abcBase) abstractReason = metaclassAbc ? "metaclass ABCMeta" : "ABC base";
  else if (allRaise) abstractReason = "methods raise NotImplementedError";

  const deprecation = classDeprecation(cls, decorators, methods, deprecationHits);

  // Attribute → class name it holds, from `self.x = Name(...)`, `self.x = param` with `param: Name`, `x: Name`.
  const bindings = new Map<string, string>();
  for (const stmt of body?.namedChildren ?? []) {
    const assignment = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : null;
    if (assignment?.type === "assignment" && assignment.childForFieldName("left")?.type === "identifier") {
      const type = firstClassLike(assignment.childForFieldName("type"));
      if (type) bindings.set(assignment.childForFieldName("left")?.text ?? "", type);
    }
  }
  for (const method of methods) {
    const paramTypes = new Map<string, string>();
    for (const p of method.node.childForFieldName("parameters")?.namedChildren ?? []) {
      if (!p) continue;
      const type = firstClassLike(p.childForFieldName("type"));
      if (type) paramTypes.set(paramName(p), type);
    }
    for (const assignment of method.node.descendantsOfType("assignment")) {
      const left = assignment?.childForFieldName("left");
      if (!assignment || left?.type !== "attribute" || left.childForFieldName("object")?.text !== "self") continue;
      const attr = left.childForFieldName("attribute")?.text ?? "";
      const right = assignment.childForFieldName("right");
      const annotated = firstClassLike(assignment.childForFieldName("type"));
      let type: string | null = annotated;
      if (!type && right?.type === "call") {
        const chain = calleeChain(right.childForFieldName("function"));
        type = [...chain].reverse().find(isClassLike) ?? null;
      } else if (!type && right?.type === "identifier") type = paramTypes.get(right.text) ?? null;
      if (type) bindings.set(attr, type);
    }
  }

  const calls: Record<string, number> = {};
  let emits = 0;
  for (const call of cls.descendantsOfType("call")) {
    if (!call) continue;
    const chain = calleeChain(call.childForFieldName("function"));
    if (chain.some((part) => ctx.events.test(part))) emits++;
    // Building an exception to raise is not delegation.
    if (call.parent?.type === "raise_statement") continue;
    if (chain[0] === "self" && chain.length >= 3) {
      const bound = bindings.get(chain[1] as string);
      if (bound) bump(calls, bound);
    } else {
      const named = chain.find(isClassLike);
      if (named && chain[0] !== "self" && chain[0] !== "super") bump(calls, named);
    }
  }
  checkDeadline(ctx);

  let delegatingMethods = 0;
  const returns = new Set<string>();
  for (const method of methods) {
    for (const n of annotationNames(method.node.childForFieldName("return_type"))) returns.add(n);
    for (const ret of method.node.descendantsOfType("return_statement")) {
      const value = ret?.namedChildren[0];
      if (value?.type === "call") {
        const chain = calleeChain(value.childForFieldName("function"));
        const named = chain[0] === "self" || chain[0] === "cls" ? undefined : chain.find(isClassLike);
        if (named) returns.add(named);
      }
    }
    if (method.name.startsWith("_")) continue;
    const { statements } = statementsOf(method.node.childForFieldName("body"));
    const only = statements.length === 1 ? statements[0] : undefined;
    let expr = only?.type === "return_statement" || only?.type === "expression_statement" ? only.namedChildren[0] : undefined;
    if (expr?.type === "await") expr = expr.namedChildren[0];
    if (expr?.type === "call") {
      const chain = calleeChain(expr.childForFieldName("function"));
      if (chain[0] === "self" && chain.length >= 3) delegatingMethods++;
    }
  }

  const skipRows = new Set<number>();
  const docBlocks = [statementsOf(body).docstring, ...methods.map((m) => statementsOf(m.node.childForFieldName("body")).docstring)];
  for (const doc of docBlocks) if (doc) rowRange(doc, skipRows);
  const startRow = cls.startPosition.row;
  const endRow = cls.endPosition.row;
  const lines = ctx.lines();

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
    constructor: constructorOf(methods, body, decorators),
    methods: publicMethods.map((m) => m.name),
    abstract: abstractReason !== null,
    abstractReason,
    onlyAbstractMethods,
    protocol,
    ambient: false,
    deprecated: deprecation.reason !== null,
    deprecatedReason: deprecation.reason,
    deprecatedMethods: deprecation.methods,
    aliasOf: null,
    aliasVia: null,
    emits,
    bodyHash: bodyHash(lines, startRow, endRow, skipRows, COMMENT),
    calls,
    delegatingMethods,
    publicMethodCount: publicMethods.length,
    returns: [...returns],
    candidate,
  };
}
