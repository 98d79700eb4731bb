import { createHash } from "node:crypto";
import {
  CHECK_IDS,
  computeTotals,
  INVENTORY_SCHEMA_VERSION,
  type CheckResult,
  type Classification,
  type CommittedInventory,
  type Member,
} from "@/lib/contract/inventory";

/** Test data factory: a valid inventory with `count` members, overridable per field. */
export interface InventoryOptions {
  sha?: string;
  date?: string;
  branch?: string | null;
  target?: number;
  members?: number;
  /** Class per member index; defaults cycle primary, core, adapter, … */
  classify?: (index: number) => Classification;
  namePrefix?: string;
  failedFiles?: number;
  /** Explicit member names (the first is the primary, the rest core); overrides `members`. */
  memberNames?: string[];
  phases?: Array<{ name: string; due: string; target: number }>;
}

const CYCLE: Classification[] = ["core", "adapter", "factory", "legacy", "interface", "support"];

export function fakeSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export function makeMember(index: number, classification: Classification, prefix = "Engine", explicitName?: string): Member {
  const name = explicitName ?? `${prefix}${index}ExecutionEngine`;
  const file = explicitName ? `pkg/engines/${explicitName.toLowerCase()}.py` : `pkg/engines/engine_${index}.py`;
  return {
    key: `${file}::${name}`,
    name,
    qualifiedName: name,
    kind: "class",
    language: "python",
    file,
    line: 10 + index,
    endLine: 40 + index,
    loc: 31,
    classification,
    reason: classification === "primary" ? "named as primary in the plan" : "test",
    phase: null,
    counted: classification !== "support",
    bases: [],
    decorators: [],
    constructor: { params: ["context"], signature: "(context)" },
    methods: ["execute"],
    abstract: false,
    abstractReason: null,
    deprecated: false,
    deprecatedMethods: [],
    aliasOf: null,
    delegatesTo: null,
    emits: 0,
    bodyHash: fakeSha(`body-${name}`).slice(0, 16),
  };
}

export function makeInventory(options: InventoryOptions = {}): CommittedInventory {
  const names = options.memberNames;
  const count = names?.length ?? options.members ?? 5;
  const classify =
    options.classify ??
    (names
      ? (index: number) => (index === 0 ? "primary" : "core")
      : (index: number) => (index === 0 ? "primary" : CYCLE[(index - 1) % CYCLE.length]!));
  const members = Array.from({ length: count }, (_, index) => makeMember(index, classify(index), options.namePrefix, names?.[index]));
  const target = options.target ?? 3;
  const totals = computeTotals(members);
  const checks: CheckResult[] = CHECK_IDS.map((id) => ({
    id,
    passed: id === "count-within-target" ? totals.counted <= target : true,
    value: id === "count-within-target" ? totals.counted : 0,
    threshold: id === "count-within-target" ? target : null,
    summary: id,
    members: [],
  }));
  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    scanner: { name: "converge", version: "test" },
    commit: {
      sha: options.sha ?? fakeSha(`commit-${Math.random()}`),
      date: options.date ?? "2026-11-01T12:00:00Z",
      branch: options.branch === undefined ? "main" : options.branch,
      message: "test commit",
    },
    plan: {
      pattern: "ExecutionEngine",
      primary: members[0]?.name ?? null,
      target,
      countSupport: false,
      count: "names",
      phases: options.phases ?? [],
    },
    totals,
    members,
    checks,
    files: {
      scanned: count,
      skipped: [],
      failed: Array.from({ length: options.failedFiles ?? 0 }, (_, index) => ({ file: `bad_${index}.py`, reason: "syntax error" })),
    },
  };
}
