// fast-check generators for ingest bodies: valid inventories, near-valid ones (one thing wrong),
// and garbage (wrong types, deep nesting, huge strings, unicode, NaN/Infinity, __proto__ keys,
// broken encodings). Each case says what the API must answer.
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import {
  CHECK_IDS,
  CLASSIFICATIONS,
  computeTotals,
  COUNT_UNITS,
  INVENTORY_SCHEMA_VERSION,
  isPlainRelativePath,
  LIMITS,
  type CheckResult,
  type CommittedInventory,
  type CountUnit,
  type Member,
} from "@/lib/contract/inventory";

/** The plan's counting unit of a (possibly mutated) inventory: totals must be recomputed in it. */
const unitOf = (inv: Record<string, unknown>): CountUnit => (inv.plan as { count?: CountUnit } | undefined)?.count ?? "names";

export type Expectation =
  | { kind: "stored" }
  | { kind: "status"; status: number; code?: string }
  | { kind: "rejected" }
  /** Random replacement that may happen to be valid: stored exactly if accepted. */
  | { kind: "any" };

export interface FuzzCase {
  category: "valid" | "near-valid" | "garbage";
  label: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
  /** The inventory a valid case sends. */
  inventory?: CommittedInventory;
  expect: Expectation;
}

const MB = 1024 * 1024;

/** Any Unicode text a store can hold exactly (no NUL, no lone surrogate), up to `max` UTF-16 units. */
const text = (min: number, max: number) =>
  fc
    .oneof(
      { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: min, maxLength: Math.max(min, Math.floor(max / 2)) }) },
      { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: min, maxLength: Math.max(min, Math.floor(max / 4)) }) },
      { weight: 1, arbitrary: fc.constant("x".repeat(Math.max(min, max))) },
    )
    .map((value) => value.replaceAll("\u0000", "0"))
    .filter((value) => value.length >= min && value.length <= max);

const name = text(1, LIMITS.maxName);
const shortName = text(1, 40);
const count = fc.integer({ min: 0, max: 1_000_000 });
const PHASES = ["phase 1", "constructor", "toString", "hasOwnProperty", "unphased", "Фаза-2 ✓", "🚀"] as const;

const isoDateTime = fc
  .tuple(
    fc.date({ min: new Date("0002-01-01T00:00:00Z"), max: new Date("9998-12-31T00:00:00Z"), noInvalidDate: true }),
    fc.integer({ min: -56, max: 56 }),
  )
  .map(([date, quarterHours]) => {
    if (quarterHours === 0) return date.toISOString();
    const local = new Date(date.getTime() + quarterHours * 15 * 60_000);
    const sign = quarterHours < 0 ? "-" : "+";
    const minutes = Math.abs(quarterHours) * 15;
    const offset = `${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    return `${local.toISOString().slice(0, 23)}${offset}`;
  });
const isoDate = fc
  .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const sha = fc.stringMatching(/^[0-9a-f]{7,64}$/);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const nameList = fc.array(shortName, { maxLength: 4 });

/**
 * A member's file: any text made a plain relative path (isPlainRelativePath) by dropping its empty, `.` and
 * `..` segments, so unicode, spaces, `%`, `?` and `#` all stay; the near-valid cases put dot segments back.
 */
const relativePath = text(1, LIMITS.maxPath)
  .map((value) =>
    value
      .split("/")
      .filter((segment) => segment !== "" && segment !== "." && segment !== "..")
      .join("/"),
  )
  .filter((value) => value.length >= 1 && isPlainRelativePath(value));

const member = fc.record({
  name,
  qualifiedName: text(1, 100),
  kind: fc.constantFrom("class", "alias"),
  language: fc.constantFrom("python", "typescript", "javascript"),
  file: relativePath,
  lines: fc.tuple(fc.integer({ min: 1, max: LIMITS.maxLine }), fc.integer({ min: 1, max: LIMITS.maxLine })),
  loc: count,
  classification: fc.constantFrom(...CLASSIFICATIONS),
  reason: text(1, 200),
  phase: fc.option(fc.constantFrom(...PHASES)),
  counted: fc.boolean(),
  bases: nameList,
  decorators: nameList,
  constructor: fc.option(fc.record({ params: fc.array(text(0, 60), { maxLength: 4 }), signature: text(0, 80) })),
  methods: nameList,
  abstract: fc.boolean(),
  abstractReason: fc.option(text(0, 100)),
  deprecated: fc.boolean(),
  deprecatedMethods: nameList,
  aliasOf: fc.option(shortName),
  delegatesTo: fc.option(shortName),
  emits: count,
  bodyHash: text(1, 128),
});

const check = (id: (typeof CHECK_IDS)[number]) =>
  fc.record(
    {
      id: fc.constant(id),
      passed: fc.boolean(),
      value: finite,
      threshold: fc.option(finite),
      summary: text(0, 300),
      members: fc.array(text(0, 80), { maxLength: 3 }),
      groups: fc.array(fc.record({ label: text(0, 40), members: fc.array(text(0, 40), { maxLength: 3 }) }), { maxLength: 2 }),
    },
    { requiredKeys: ["id", "passed", "value", "threshold", "summary", "members"] },
  );

/** A valid inventory: the contract accepts it and the store must keep it exactly. */
export const validInventory: fc.Arbitrary<CommittedInventory> = fc
  .record({
    sha,
    date: isoDateTime,
    branch: fc.option(name),
    message: fc.option(text(0, 500), { nil: undefined }),
    scanner: fc.record({ name: shortName, version: shortName }),
    plan: fc.record({
      pattern: text(1, 60),
      primary: fc.option(name),
      target: count,
      countSupport: fc.boolean(),
      count: fc.constantFrom(...COUNT_UNITS),
      phases: fc.array(
        fc.record(
          { name: fc.constantFrom(...PHASES), due: isoDate, target: count, members: fc.option(nameList, { nil: undefined }) },
          { requiredKeys: ["name", "due", "target"] },
        ),
        { maxLength: 3 },
      ),
    }),
    members: fc.array(member, { maxLength: 6 }),
    checks: fc.subarray([...CHECK_IDS]).chain((ids) => fc.tuple(...ids.map(check))),
    files: fc.record({
      scanned: count,
      skipped: fc.array(fc.record({ file: text(1, 100), reason: text(1, 100) }), { maxLength: 2 }),
      failed: fc.array(fc.record({ file: text(1, 100), reason: text(1, 100) }), { maxLength: 2 }),
    }),
  })
  .map((raw) => {
    const members: Member[] = raw.members.map(({ lines, ...rest }, index) => ({
      ...rest,
      key: `${index}::${rest.name}`.slice(0, LIMITS.maxPath + LIMITS.maxName + 2),
      line: Math.min(...lines),
      endLine: Math.max(...lines),
    }));
    return {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      scanner: raw.scanner,
      commit: { sha: raw.sha, date: raw.date, branch: raw.branch, ...(raw.message === undefined ? {} : { message: raw.message }) },
      plan: raw.plan,
      totals: computeTotals(members, raw.plan.count),
      members,
      checks: raw.checks as CheckResult[],
      files: raw.files,
    } as CommittedInventory;
  });

type Mutation = { label: string; apply: (inventory: Record<string, unknown>) => unknown };

const clone = <T>(value: T): T => structuredClone(value);

/** One thing wrong in an otherwise valid inventory: always 422. */
const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom<Mutation>(
    { label: "schemaVersion 2", apply: (inv) => ({ ...inv, schemaVersion: 2 }) },
    { label: "schemaVersion as string", apply: (inv) => ({ ...inv, schemaVersion: "1" }) },
    { label: "missing commit", apply: ({ commit: _commit, ...rest }) => rest },
    { label: "null sha", apply: (inv) => ({ ...inv, commit: { ...(inv.commit as object), sha: null } }) },
    { label: "uppercase sha", apply: (inv) => ({ ...inv, commit: { ...(inv.commit as object), sha: "ABCDEF0123" } }) },
    { label: "sha too short", apply: (inv) => ({ ...inv, commit: { ...(inv.commit as object), sha: "abc12" } }) },
    { label: "date without zone", apply: (inv) => ({ ...inv, commit: { ...(inv.commit as object), date: "2026-11-01T12:00:00" } }) },
    { label: "february 30", apply: (inv) => ({ ...inv, commit: { ...(inv.commit as object), date: "2026-02-30T12:00:00Z" } }) },
    { label: "extra top-level key", apply: (inv) => ({ ...inv, extra: true }) },
    { label: "__proto__ key", apply: (inv) => JSON.parse(JSON.stringify(inv).replace(/^\{/, '{"__proto__":{"polluted":true},')) },
    { label: "constructor.prototype key", apply: (inv) => ({ ...inv, constructor: { prototype: { polluted: true } } }) },
    {
      label: "totals.counted off by one",
      apply: (inv) => ({ ...inv, totals: { ...(inv.totals as object), counted: (inv.totals as { counted: number }).counted + 1 } }),
    },
    { label: "members not an array", apply: (inv) => ({ ...inv, members: {} }) },
    { label: "checks null", apply: (inv) => ({ ...inv, checks: null }) },
    {
      label: "too many checks",
      apply: (inv) => ({
        ...inv,
        checks: Array.from({ length: LIMITS.maxChecks + 1 }, () => ({
          id: "single-primary",
          passed: true,
          value: 0,
          threshold: null,
          summary: "",
          members: [],
        })),
      }),
    },
    {
      label: "unknown check id",
      apply: (inv) => ({ ...inv, checks: [{ id: "no-such-check", passed: true, value: 0, threshold: null, summary: "", members: [] }] }),
    },
    { label: "plan.target negative", apply: (inv) => ({ ...inv, plan: { ...(inv.plan as object), target: -1 } }) },
    { label: "plan.target float", apply: (inv) => ({ ...inv, plan: { ...(inv.plan as object), target: 1.5 } }) },
    { label: "plan.target 1e300", apply: (inv) => ({ ...inv, plan: { ...(inv.plan as object), target: 1e300 } }) },
    { label: "scanner.name too long", apply: (inv) => ({ ...inv, scanner: { name: "n".repeat(LIMITS.maxName + 1), version: "1" } }) },
    { label: "scanner.name empty", apply: (inv) => ({ ...inv, scanner: { name: "", version: "1" } }) },
    { label: "files.scanned string", apply: (inv) => ({ ...inv, files: { ...(inv.files as object), scanned: "12" } }) },
  ),
  // Member-level faults need a member: add one when the inventory has none (totals then mismatch too).
  fc
    .constantFrom<[string, (member: Record<string, unknown>) => void]>(
      [
        "line 0",
        (m) => {
          m.line = 0;
        },
      ],
      [
        "line beyond 32 bits",
        (m) => {
          m.line = 2 ** 31;
          m.endLine = 2 ** 31;
        },
      ],
      [
        "line 2^53",
        (m) => {
          m.line = 2 ** 53;
          m.endLine = 2 ** 53;
        },
      ],
      [
        "endLine before line",
        (m) => {
          m.line = 10;
          m.endLine = 9;
        },
      ],
      [
        "loc float",
        (m) => {
          m.loc = 0.5;
        },
      ],
      [
        "kind enum",
        (m) => {
          m.kind = "struct";
        },
      ],
      [
        "classification enum",
        (m) => {
          m.classification = "Primary";
        },
      ],
      [
        "name empty",
        (m) => {
          m.name = "";
        },
      ],
      [
        "name too long",
        (m) => {
          m.name = "é".repeat(LIMITS.maxName + 1);
        },
      ],
      [
        "file too long",
        (m) => {
          m.file = "f".repeat(LIMITS.maxPath + 1);
        },
      ],
      // Issue 16 item 5: a link built from such a path leaves the repository or cannot be reached.
      ...["../../../../evil/x.py", "pkg/./x.py", "pkg//x.py", "/abs.py", "pkg/", ".", ".."].map(
        (file): [string, (m: Record<string, unknown>) => void] => [
          `file ${JSON.stringify(file)}`,
          (m) => {
            m.file = file;
          },
        ],
      ),
      [
        "key path with ..",
        (m) => {
          m.key = `pkg/../x.py::${String(m.name)}`;
        },
      ],
      [
        "reason too long",
        (m) => {
          m.reason = "r".repeat(LIMITS.maxText + 1);
        },
      ],
      [
        "counted as 1",
        (m) => {
          m.counted = 1;
        },
      ],
      [
        "bases with a number",
        (m) => {
          m.bases = [1];
        },
      ],
      [
        "too many methods",
        (m) => {
          m.methods = Array.from({ length: LIMITS.maxList + 1 }, (_, i) => `m${i}`);
        },
      ],
      [
        "unknown member key",
        (m) => {
          m.extra = "x";
        },
      ],
      [
        "phase __proto__",
        (m) => {
          m.phase = "__proto__";
        },
      ],
      [
        "constructor as string",
        (m) => {
          Object.assign(m, { constructor: "(self)" });
        },
      ],
    )
    .map(
      ([label, mutate]): Mutation => ({
        label: `member: ${label}`,
        apply: (inv) => {
          const members = inv.members as Record<string, unknown>[];
          const target = members[0] ?? {
            key: "k",
            name: "N",
            qualifiedName: "N",
            kind: "class",
            language: "python",
            file: "f.py",
            line: 1,
            endLine: 1,
            loc: 1,
            classification: "core",
            reason: "r",
            phase: null,
            counted: true,
            bases: [],
            decorators: [],
            constructor: null,
            methods: [],
            abstract: false,
            abstractReason: null,
            deprecated: false,
            aliasOf: null,
            delegatesTo: null,
            emits: 0,
            bodyHash: "h",
          };
          if (members.length === 0) members.push(target);
          mutate(target);
          if (label !== "endLine before line" && label !== "phase __proto__") {
            // Keep the totals right so only the field itself is wrong.
            const valid = members.filter(
              (m) => typeof m.classification === "string" && (CLASSIFICATIONS as readonly string[]).includes(m.classification),
            );
            if (valid.length === members.length) inv.totals = computeTotals(members as unknown as Member[], unitOf(inv));
          }
          return inv;
        },
      }),
    ),
  fc.constantFrom<Mutation>(
    {
      label: "duplicate member key",
      apply: (inv) => {
        const members = inv.members as Record<string, unknown>[];
        const first = members[0];
        if (!first) return { ...inv, members: [{}] };
        members.push({ ...first });
        inv.totals = computeTotals(members as unknown as Member[], unitOf(inv));
        return inv;
      },
    },
    { label: "too many members", apply: (inv) => ({ ...inv, members: Array.from({ length: LIMITS.maxMembers + 1 }, () => 0) }) },
  ),
);

const encode = (value: unknown) => JSON.stringify(value);

const nearValid: fc.Arbitrary<FuzzCase> = fc.tuple(validInventory, mutations).map(([inventory, mutation]) => ({
  category: "near-valid" as const,
  label: mutation.label,
  body: encode(mutation.apply(clone(inventory) as unknown as Record<string, unknown>)),
  expect: { kind: "status", status: 422, code: "invalid_body" },
}));

/** A valid JSON text with one number swapped for a literal JSON does not allow. */
const nonJsonNumber = fc
  .tuple(validInventory, fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "0x10", "+1", ".5", "01"))
  .map(([inventory, literal]): FuzzCase => {
    const source = encode(inventory).replace(/"target":\d+/, `"target":${literal}`);
    const expectStatus = literal === "1e999" ? 422 : 400;
    return { category: "garbage", label: `number literal ${literal}`, body: source, expect: { kind: "status", status: expectStatus } };
  });

const deepNesting = fc.tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom("[", '{"a":')).map(([depth, open]): FuzzCase => {
  const close = open === "[" ? "]" : "}";
  const body = `${open.repeat(depth)}${open === "[" ? "1" : "1"}${close.repeat(depth)}`;
  return {
    category: "garbage",
    label: `nesting ${depth} ${open}`,
    body,
    expect: body.length > MB ? { kind: "status", status: 413 } : { kind: "rejected" },
  };
});

const hugeString = fc.integer({ min: MB - 64, max: MB + 64 }).map((size): FuzzCase => {
  const body = `{"schemaVersion":1,"pad":"${"x".repeat(size)}"}`;
  return {
    category: "garbage",
    label: `string of ${size}`,
    body,
    expect: body.length > MB ? { kind: "status", status: 413 } : { kind: "status", status: 422 },
  };
});

const badStrings = fc.tuple(validInventory, fc.constantFrom("\\u0000", "\\ud800", "\\udfff", "a\\ud83d", "\\ude00b")).map(
  ([inventory, escaped]): FuzzCase => ({
    category: "garbage",
    label: `string with ${escaped}`,
    body: encode(inventory).replace(/"scanner":\{"name":"/, `"scanner":{"name":"${escaped}`),
    expect: { kind: "status", status: 422, code: "invalid_body" },
  }),
);

const pollution = fc
  .constantFrom(
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"schemaVersion":1,"totals":{"byPhase":{"__proto__":{"polluted":true}}}}',
    '[{"__proto__":{"polluted":true}}]',
    '{"__proto__":null}',
    '{"members":[{"__proto__":{"isAdmin":true}}]}',
  )
  .map(
    (body): FuzzCase => ({ category: "garbage", label: `pollution ${body.slice(0, 40)}`, body, expect: { kind: "status", status: 422 } }),
  );

const randomJson = fc.jsonValue({ maxDepth: 6 }).map(
  (value): FuzzCase => ({
    category: "garbage",
    label: "random JSON",
    body: encode(value),
    expect: { kind: "status", status: 422 },
  }),
);

const randomBytes = fc.uint8Array({ minLength: 0, maxLength: 2_000 }).map(
  (bytes): FuzzCase => ({
    category: "garbage",
    label: "random bytes",
    body: bytes,
    expect: { kind: "rejected" },
  }),
);

const randomText = fc.string({ unit: "binary", maxLength: 500 }).map(
  (body): FuzzCase => ({
    category: "garbage",
    label: "random text",
    body,
    expect: { kind: "rejected" },
  }),
);

const wrongTypes = fc
  .tuple(
    validInventory,
    fc.constantFrom("members", "checks", "plan", "commit", "files", "totals", "scanner"),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map(
    ([inventory, key, value]): FuzzCase => ({
      category: "garbage",
      label: `${key} replaced by random JSON`,
      body: encode({ ...inventory, [key]: value }),
      expect: { kind: "any" },
    }),
  );

const headerFaults = fc
  .tuple(validInventory, fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "", "application/jsonx", "multipart/form-data"))
  .map(
    ([inventory, contentType]): FuzzCase => ({
      category: "garbage",
      label: `content-type "${contentType}"`,
      body: encode(inventory),
      headers: { "content-type": contentType },
      expect: { kind: "status", status: 415 },
    }),
  );

const encodings = fc
  .tuple(validInventory, fc.constantFrom("gzip-random-json", "gzip-truncated", "gzip-bomb", "br", "deflate", "gzip-not-gzip"))
  .map(([inventory, variant]): FuzzCase => {
    const headers = { "content-encoding": variant.startsWith("gzip") ? "gzip" : variant };
    if (variant === "gzip-random-json") {
      return {
        category: "garbage",
        label: variant,
        body: gzipSync(encode({ schemaVersion: 1, members: [inventory.members] })),
        headers,
        expect: { kind: "status", status: 422 },
      };
    }
    if (variant === "gzip-truncated") {
      const zipped = gzipSync(encode(inventory));
      return {
        category: "garbage",
        label: variant,
        body: zipped.subarray(0, Math.max(1, zipped.length - 9)),
        headers,
        expect: { kind: "status", status: 415 },
      };
    }
    if (variant === "gzip-bomb") {
      return {
        category: "garbage",
        label: variant,
        body: gzipSync(Buffer.alloc(16 * MB, 0x20)),
        headers,
        expect: { kind: "status", status: 413 },
      };
    }
    if (variant === "gzip-not-gzip")
      return { category: "garbage", label: variant, body: encode(inventory), headers, expect: { kind: "status", status: 415 } };
    return {
      category: "garbage",
      label: `content-encoding ${variant}`,
      body: encode(inventory),
      headers,
      expect: { kind: "status", status: 415 },
    };
  });

export const validCase: fc.Arbitrary<FuzzCase> = fc.tuple(validInventory, fc.boolean()).map(([inventory, zipped]) => ({
  category: "valid",
  label: zipped ? "valid (gzip)" : "valid",
  body: zipped ? gzipSync(encode(inventory)) : encode(inventory),
  ...(zipped ? { headers: { "content-encoding": "gzip" } } : {}),
  inventory,
  expect: { kind: "stored" },
}));

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 30, arbitrary: validCase },
  { weight: 40, arbitrary: nearValid },
  {
    weight: 30,
    arbitrary: fc.oneof(
      { weight: 4, arbitrary: randomJson },
      { weight: 3, arbitrary: wrongTypes },
      { weight: 2, arbitrary: randomBytes },
      { weight: 2, arbitrary: randomText },
      { weight: 2, arbitrary: nonJsonNumber },
      { weight: 2, arbitrary: badStrings },
      { weight: 2, arbitrary: pollution },
      { weight: 1, arbitrary: headerFaults },
      { weight: 1, arbitrary: encodings },
      { weight: 1, arbitrary: deepNesting },
      { weight: 1, arbitrary: hugeString },
    ),
  },
);

/** A DELETE …/scans query: everything, a range (its ends possibly the dates of stored commits), or a wrong one (400). */
export type ScanDeletion =
  | { kind: "all" }
  | { kind: "range"; since: string; until: string; sinceFrom: number | null; untilFrom: number | null }
  | { kind: "invalid"; query: Record<string, string> };

const instant = fc.oneof(isoDate, isoDateTime);

const invalidDeletion: fc.Arbitrary<ScanDeletion> = fc
  .oneof<fc.Arbitrary<Record<string, string>>[]>(
    fc.constant({}),
    instant.map((since) => ({ all: "1", since })),
    instant.map((since) => ({ since })),
    instant.map((until) => ({ until })),
    fc.constant({ since: "2026-10-02", until: "2026-10-01" }),
    fc.constant({ since: "2026-02-30", until: "2026-03-01" }),
    fc.constantFrom<Record<string, string>>({ all: "yes" }, { all: "0" }, { all: "1", extra: "x" }, { all: "" }),
    fc.tuple(fc.string({ maxLength: 30 }), instant).map(([since, until]) => ({ since, until })),
    fc.dictionary(fc.constantFrom("all", "since", "until", "x", "__proto__", "constructor"), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
  )
  .map((query): ScanDeletion => ({ kind: "invalid", query }));

export const scanDeletion: fc.Arbitrary<ScanDeletion> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: "all" as const }) },
  {
    weight: 5,
    arbitrary: fc
      .record({ since: instant, until: instant, sinceFrom: fc.option(fc.nat()), untilFrom: fc.option(fc.nat()) })
      .map((range) => ({ kind: "range" as const, ...range })),
  },
  { weight: 4, arbitrary: invalidDeletion },
);

/** How a generated body is sent: plainly or with `?replace=1`, and about one time in ten followed by a DELETE. */
export const writeRoute: fc.Arbitrary<{ replace: boolean; deletion: ScanDeletion | null }> = fc.record({
  replace: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  deletion: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: scanDeletion }),
});
