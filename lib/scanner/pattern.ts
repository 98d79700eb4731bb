/**
 * The family pattern and its literal prefilter: a file whose bytes contain none of the
 * required literals cannot define a member, so it is never decoded or parsed.
 */

export interface FamilyPattern {
  source: string;
  regex: RegExp;
  /** At least one of these occurs in every matching name; null when none can be derived. */
  literals: string[] | null;
}

export function compilePattern(source: string): FamilyPattern {
  return { source, regex: new RegExp(source), literals: requiredLiterals(source) };
}

const SPECIAL = new Set(["^", "$", ".", "(", ")", "[", "]", "{", "}", "|", "?", "*", "+", "\\"]);
const CLASS_ESCAPES = new Set([
  "d",
  "D",
  "w",
  "W",
  "s",
  "S",
  "b",
  "B",
  "p",
  "P",
  "k",
  "c",
  "x",
  "u",
  "0",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "n",
  "r",
  "t",
  "f",
  "v",
]);

/** Splits a regex source on top-level `|`; null if the source is not balanced. */
function topLevelAlternatives(source: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  if (depth !== 0 || inClass) return null;
  parts.push(source.slice(start));
  return parts;
}

/** Skips a group or class starting at `i`; returns the index after it. */
function skipBalanced(source: string, i: number): number {
  const open = source[i];
  if (open === "[") {
    for (let j = i + 1; j < source.length; j++) {
      if (source[j] === "\\") j++;
      else if (source[j] === "]") return j + 1;
    }
    return source.length;
  }
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    const ch = source[j];
    if (ch === "\\") j++;
    else if (ch === "[") j = skipBalanced(source, j) - 1;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return j + 1;
  }
  return source.length;
}

/** The longest literal every match of one alternative must contain ("" if none). */
function longestRequiredLiteral(alt: string): string {
  let best = "";
  let run = "";
  const flush = () => {
    if (run.length > best.length) best = run;
    run = "";
  };
  let i = 0;
  while (i < alt.length) {
    const ch = alt[i] as string;
    let literal: string | null = null;
    let next = i + 1;
    if (ch === "\\") {
      const esc = alt[i + 1];
      if (esc === undefined) return best;
      next = i + 2;
      if (!CLASS_ESCAPES.has(esc)) literal = esc;
    } else if (ch === "(" || ch === "[") {
      next = skipBalanced(alt, i);
    } else if (!SPECIAL.has(ch)) {
      literal = ch;
    }
    const quant = alt[next];
    const optional = quant === "?" || quant === "*" || (quant === "{" && /^\{0[,}]/.test(alt.slice(next)));
    const repeated = quant === "+" || quant === "{";
    if (literal !== null && !optional) {
      run += literal;
      if (repeated) flush();
    } else {
      flush();
    }
    i = next;
    if (quant === "?" || quant === "*" || quant === "+") i++;
    else if (quant === "{") {
      const close = alt.indexOf("}", next);
      i = close === -1 ? alt.length : close + 1;
    }
    if (alt[i] === "?") i++; // lazy quantifier
  }
  flush();
  return best;
}

/**
 * Literals of which at least one must appear in any string the pattern matches, or null when
 * a branch has none (then every file is parsed). `ExecutionEngine` gives ["ExecutionEngine"];
 * `(Repository|Client)$` and `Repository$|Client$` give both; `Engine.*|.*` gives null.
 */
export function requiredLiterals(source: string): string[] | null {
  const alternatives = topLevelAlternatives(source);
  if (!alternatives) return null;
  const literals: string[] = [];
  for (const alt of alternatives) {
    const bare = alt.replace(/^\^/, "").replace(/(?<!\\)\$$/, "");
    const literal =
      bare.startsWith("(") && !bare.startsWith("(?") && skipBalanced(bare, 0) === bare.length
        ? requiredLiterals(bare.slice(1, -1))
        : [longestRequiredLiteral(alt)];
    if (!literal || literal.some((l) => l.length === 0)) return null;
    literals.push(...literal);
  }
  return [...new Set(literals)];
}

/** True when the bytes contain one of the literals (always true without literals). */
export function mayContainMember(bytes: Uint8Array, literals: readonly Buffer[] | null): boolean {
  if (!literals) return true;
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return literals.some((literal) => buffer.indexOf(literal) !== -1);
}

export function literalBuffers(literals: readonly string[] | null): Buffer[] | null {
  return literals ? literals.map((l) => Buffer.from(l, "utf8")) : null;
}

export const IDENT_CHAR = /[\p{L}\p{N}_$]/u;
const SPACE = /[\s\\]/;

/** Identifier-like spans in the text whose whole word matches the family pattern. */
export function* candidateWords(text: string, family: FamilyPattern): Generator<[number, number]> {
  const seen = new Set<number>();
  const emit = function* (start: number, end: number): Generator<[number, number]> {
    if (seen.has(start)) return;
    seen.add(start);
    if (family.regex.test(text.slice(start, end))) yield [start, end];
  };
  if (family.literals) {
    for (const literal of family.literals) {
      let at = text.indexOf(literal);
      while (at !== -1) {
        let start = at;
        let end = at + literal.length;
        while (start > 0 && IDENT_CHAR.test(text[start - 1] as string)) start--;
        while (end < text.length && IDENT_CHAR.test(text[end] as string)) end++;
        yield* emit(start, end);
        at = text.indexOf(literal, end);
      }
    }
  } else {
    for (const match of text.matchAll(/[\p{L}_$][\p{L}\p{N}_$]*/gu)) yield* emit(match.index, match.index + match[0].length);
  }
}

/**
 * Second prefilter stage, on decoded text: a member name can only be *defined* right after `class`
 * or `as`, or right before `=` or a type annotation. A file whose matching words all sit elsewhere
 * (`raise ValueError(...)`, `except XError:`, calls, comments) cannot define a member and is not
 * parsed. Conservative: a false "maybe" only costs a parse.
 */
export function mayDefineMember(text: string, family: FamilyPattern, language: "python" | "typescript" | "javascript"): boolean {
  for (const [start, end] of candidateWords(text, family)) {
    let i = start - 1;
    while (i >= 0 && SPACE.test(text[i] as string)) i--;
    if (text[i] === "/") return true; // `class /* comment */ Name` in TS/JS
    let j = i;
    while (j >= 0 && IDENT_CHAR.test(text[j] as string)) j--;
    const previous = text.slice(j + 1, i + 1);
    if (previous === "class" || previous === "as") return true;
    let k = end;
    while (k < text.length && SPACE.test(text[k] as string)) k++;
    const next = text[k];
    const after = text[k + 1];
    if (next === "=" && after !== "=" && after !== ">") return true;
    if (next === "!" && after === ":") return true;
    if (next === ":") {
      if (language !== "python") return true;
      // Python: only an annotated assignment (`Name: T = value`) defines; `except NameError:` does not.
      const eol = text.indexOf("\n", k);
      const rest = text.slice(k + 1, eol === -1 ? text.length : eol);
      if (/(^|[^=<>!])=($|[^=])/.test(rest)) return true;
    }
  }
  return false;
}
