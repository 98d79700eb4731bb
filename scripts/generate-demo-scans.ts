/**
 * Writes demo/scans/*.json: eight weekly inventories of a consolidation modelled on the seed report
 * (24 execution-engine names in 35 definitions at the start, target 8 names). The dates here are a
 * fixed template: `npm start` shifts them by whole weeks so the last scan falls in the current week
 * (lib/ingest/demo.ts). Deterministic; re-run after a contract change:
 *   npx tsx scripts/generate-demo-scans.ts
 */
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CHECK_IDS,
  computeTotals,
  INVENTORY_SCHEMA_VERSION,
  IngestInventorySchema,
  type CheckResult,
  type Classification,
  type CommittedInventory,
  type Member,
  type Plan,
  type Reconciliation,
  type UsedBy,
} from "@/lib/contract/inventory";
import { emptyByKind, type Hit } from "@/lib/contract/explain";
import { DEMO_TEMPLATE_FIRST_SCAN, demoCommitSha } from "@/lib/ingest/demo";
import { SCANNER_NAME, SCANNER_VERSION } from "@/lib/version";

interface Seed {
  name: string;
  file: string;
  classification: Classification;
  reason: string;
  /** Index of the first weekly scan in which this definition no longer exists. */
  removedAt?: number;
  emits?: boolean;
  aliasOf?: string;
  signature?: string;
  deprecatedMethods?: string[];
}

const ALIAS_OF_INTERFACE = "alias of IExecutionEngine (import … as ExecutionEngine)";

/**
 * One entry per definition. A name may be defined in several files (ToolExecutionEngine three times,
 * the ExecutionEngine alias in five modules): those count once toward the target, as teams count.
 */
const SEEDS: Seed[] = [
  {
    name: "UserExecutionEngine",
    file: "netra/agents/execution/user_execution_engine.py",
    classification: "primary",
    reason: "named as primary in the plan",
    emits: true,
    signature: "(context, agent_factory, websocket_emitter)",
    deprecatedMethods: ["execute_legacy"],
  },
  {
    name: "UnifiedToolExecutionEngine",
    file: "netra/tools/unified_tool_execution.py",
    classification: "core",
    reason: "concrete implementation",
    emits: true,
    signature: "()",
  },
  {
    name: "UnifiedToolExecutionEngine",
    file: "netra/services/unified_tool_execution.py",
    classification: "core",
    reason: "concrete implementation",
    removedAt: 4,
    signature: "()",
  },
  {
    name: "ToolExecutionEngine",
    file: "netra/tools/tool_execution_engine.py",
    classification: "core",
    reason: "concrete implementation",
    signature: "()",
  },
  {
    name: "ToolExecutionEngine",
    file: "netra/agents/tools/tool_execution_engine.py",
    classification: "core",
    reason: "concrete implementation",
    removedAt: 3,
    signature: "()",
  },
  {
    name: "ToolExecutionEngine",
    file: "netra/services/tool_dispatch/engine.py",
    classification: "core",
    reason: "concrete implementation",
    removedAt: 5,
    signature: "(dispatcher)",
  },
  {
    name: "BaseExecutionEngine",
    file: "netra/agents/execution/base_engine.py",
    classification: "core",
    reason: "concrete implementation",
    emits: true,
    signature: "()",
  },
  {
    name: "AgentExecutionEngine",
    file: "netra/agents/agent_engine.py",
    classification: "core",
    reason: "concrete implementation",
    removedAt: 2,
    signature: "(agent)",
  },
  {
    name: "SimpleExecutionEngine",
    file: "netra/core/simple_engine.py",
    classification: "core",
    reason: "concrete implementation",
    removedAt: 4,
    signature: "()",
  },
  {
    name: "PipelineExecutionEngine",
    file: "netra/pipelines/engine.py",
    classification: "core",
    reason: "concrete implementation",
    removedAt: 1,
    emits: true,
    signature: "(pipeline)",
  },
  {
    name: "AsyncExecutionEngine",
    file: "netra/agents/execution/async_engine.py",
    classification: "core",
    reason: "concrete implementation",
    removedAt: 2,
    signature: "()",
  },
  {
    name: "StreamingExecutionEngine",
    file: "netra/streaming/engine.py",
    classification: "core",
    reason: "concrete implementation",
    emits: true,
    signature: "(stream)",
  },
  {
    name: "SupervisorExecutionEngineAdapter",
    file: "netra/agents/supervisor/adapter.py",
    classification: "adapter",
    reason: "name ends in Adapter",
    signature: "(context, agent_factory, websocket_emitter)",
  },
  {
    name: "ConsolidatedExecutionEngineWrapper",
    file: "netra/agents/execution/consolidated.py",
    classification: "adapter",
    reason: "name ends in Wrapper",
    removedAt: 6,
    signature: "(engine)",
  },
  {
    name: "GenericExecutionEngineAdapter",
    file: "netra/agents/execution/generic_adapter.py",
    classification: "adapter",
    reason: "name ends in Adapter",
    signature: "(context, agent_factory, websocket_emitter)",
  },
  {
    name: "ExecutionEngineAdapter",
    file: "netra/agents/execution/adapter.py",
    classification: "adapter",
    reason: "name ends in Adapter",
    signature: "(engine)",
  },
  {
    name: "ExecutionEngineBridge",
    file: "netra/core/bridge.py",
    classification: "adapter",
    reason: "name ends in Bridge",
    signature: "(engine)",
  },
  {
    name: "UserExecutionEngineWrapper",
    file: "netra/agents/execution/user_wrapper.py",
    classification: "adapter",
    reason: "name ends in Wrapper",
    removedAt: 3,
    signature: "(engine)",
  },
  {
    name: "UnifiedExecutionEngineFactory",
    file: "netra/agents/execution/unified_factory.py",
    classification: "factory",
    reason: "name ends in Factory",
    removedAt: 4,
  },
  { name: "ExecutionEngineFactory", file: "netra/agents/execution/factory.py", classification: "factory", reason: "name ends in Factory" },
  {
    name: "RequestScopedExecutionEngineFactory",
    file: "netra/agents/request_scoped/factory.py",
    classification: "factory",
    reason: "name ends in Factory",
    removedAt: 7,
  },
  {
    name: "ExecutionEngine",
    file: "netra/agents/execution/__init__.py",
    classification: "legacy",
    reason: "alias of UserExecutionEngine",
    aliasOf: "UserExecutionEngine",
  },
  {
    name: "ExecutionEngine",
    file: "netra/agents/supervisor/__init__.py",
    classification: "legacy",
    reason: ALIAS_OF_INTERFACE,
    aliasOf: "IExecutionEngine",
    removedAt: 4,
  },
  {
    name: "ExecutionEngine",
    file: "netra/services/runner.py",
    classification: "legacy",
    reason: ALIAS_OF_INTERFACE,
    aliasOf: "IExecutionEngine",
    removedAt: 5,
  },
  {
    name: "ExecutionEngine",
    file: "netra/tools/dispatch.py",
    classification: "legacy",
    reason: ALIAS_OF_INTERFACE,
    aliasOf: "IExecutionEngine",
    removedAt: 5,
  },
  {
    name: "ExecutionEngine",
    file: "netra/core/compat.py",
    classification: "legacy",
    reason: ALIAS_OF_INTERFACE,
    aliasOf: "IExecutionEngine",
  },
  {
    name: "MCPEnhancedExecutionEngine",
    file: "netra/mcp/enhanced_engine.py",
    classification: "legacy",
    reason: "constructor raises DeprecationWarning",
    removedAt: 5,
  },
  {
    name: "RequestScopedExecutionEngine",
    file: "netra/agents/request_scoped/legacy/engine.py",
    classification: "legacy",
    reason: "path contains legacy",
  },
  {
    name: "IsolatedExecutionEngine",
    file: "netra/agents/isolated/engine.py",
    classification: "legacy",
    reason: "constructor raises DeprecationWarning",
    removedAt: 7,
  },
  { name: "IExecutionEngine", file: "netra/agents/execution/interfaces.py", classification: "interface", reason: "I + capital prefix" },
  {
    name: "ExecutionEngineCapabilities",
    file: "netra/agents/execution/interfaces.py",
    classification: "interface",
    reason: "name contains Capabilities",
  },
  {
    name: "UserExecutionEngineExtensions",
    file: "netra/agents/execution/extensions.py",
    classification: "support",
    reason: "name ends in Extensions",
  },
  {
    name: "ExecutionEngineFactoryValidator",
    file: "netra/agents/execution/validation.py",
    classification: "support",
    reason: "name ends in Validator",
  },
  {
    name: "ExecutionEngineFactoryError",
    file: "netra/agents/execution/errors.py",
    classification: "support",
    reason: "name ends in Error",
  },
  {
    name: "ExecutionEngineRegistryError",
    file: "netra/agents/execution/errors.py",
    classification: "support",
    reason: "name ends in Error",
  },
  { name: "ExecutionEngineConfig", file: "netra/agents/execution/config.py", classification: "support", reason: "name ends in Config" },
  {
    name: "MockAgentExecutionEngine",
    file: "test_framework/fixtures/mock_engine.py",
    classification: "support",
    reason: "test double: name starts with Mock",
  },
];

const WEEK_MS = 7 * 24 * 3600 * 1000;
const WEEKS = 8;
const DAY_MS = 24 * 3600 * 1000;

/** A date `days` after the template's first scan, as a plan's due date (YYYY-MM-DD). */
function dueIn(days: number): string {
  return new Date(DEMO_TEMPLATE_FIRST_SCAN + days * DAY_MS).toISOString().slice(0, 10);
}

// The first phase fell due in week 4 (met); the next two are still ahead of the last scan (week 8).
const PLAN: Plan = {
  pattern: "ExecutionEngine",
  primary: "UserExecutionEngine",
  target: 8,
  countSupport: false,
  count: "names",
  phases: [
    { name: "Interface standardization", due: dueIn(3 * 7 + 1), target: 20 },
    { name: "Logic consolidation", due: dueIn(10 * 7 + 1), target: 12 },
    { name: "Testing and validation", due: dueIn(16 * 7 + 3), target: 8 },
  ],
};

const PHASE_OF: Partial<Record<Classification, string>> = {
  interface: "Interface standardization",
  core: "Logic consolidation",
  legacy: "Logic consolidation",
  adapter: "Testing and validation",
};

function sha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

function member(seed: Seed, index: number): Member {
  const line = 12 + ((index * 37) % 180);
  const loc = seed.aliasOf ? 1 : seed.classification === "adapter" ? 40 : seed.classification === "support" ? 18 : 220 - index * 3;
  return {
    key: `${seed.file}::${seed.name}`,
    name: seed.name,
    qualifiedName: seed.name,
    kind: seed.aliasOf ? "alias" : "class",
    language: "python",
    file: seed.file,
    line,
    endLine: line + loc - 1,
    loc,
    classification: seed.classification,
    reason: seed.reason,
    phase: PHASE_OF[seed.classification] ?? null,
    counted: seed.classification !== "support",
    bases: seed.classification === "interface" ? ["ABC"] : [],
    decorators: [],
    constructor: seed.signature ? { params: seed.signature.slice(1, -1).split(", ").filter(Boolean), signature: seed.signature } : null,
    methods:
      seed.classification === "support" || seed.aliasOf ? [] : ["execute_agent", "execute_pipeline", ...(seed.deprecatedMethods ?? [])],
    abstract: seed.classification === "interface",
    abstractReason: seed.classification === "interface" ? "only abstract methods" : null,
    deprecated: seed.reason.includes("DeprecationWarning"),
    deprecatedMethods: seed.deprecatedMethods ?? [],
    aliasOf: seed.aliasOf ?? null,
    delegatesTo: seed.classification === "adapter" ? "UserExecutionEngine" : null,
    emits: seed.emits ? 3 : 0,
    bodyHash: sha(`body:${seed.file}:${seed.name}`).slice(0, 16),
  };
}

type CheckId = (typeof CHECK_IDS)[number];

function checks(members: Member[], counted: number): CheckResult[] {
  const primaries = members.filter((m) => m.classification === "primary");
  const concrete = members.filter((m) => m.constructor && (m.classification === "core" || m.classification === "primary"));
  const groups = new Map<string, string[]>();
  for (const m of concrete) groups.set(m.constructor!.signature, [...(groups.get(m.constructor!.signature) ?? []), m.key]);
  const emitters = members.filter((m) => m.emits > 0);
  const fatAdapters = members.filter((m) => m.classification === "adapter" && m.loc > 60);
  const strayRedirects = members.filter((m) => m.aliasOf !== null && m.aliasOf !== PLAN.primary);
  const byName = new Map<string, Member[]>();
  for (const m of members) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  const duplicated = [...byName].filter(([, defs]) => defs.length > 1);
  const duplicates = duplicated.map(([name, defs]) => `${name} (${defs.length}: ${defs.map((d) => d.file).join(", ")})`).join("; ");
  const byId: Record<CheckId, CheckResult> = {
    "count-within-target": {
      id: "count-within-target",
      passed: counted <= PLAN.target,
      value: counted,
      threshold: PLAN.target,
      summary: `${counted} names counted against a target of ${PLAN.target}`,
      members: [],
    },
    "single-primary": {
      id: "single-primary",
      passed: primaries.length === 1,
      value: primaries.length,
      threshold: 1,
      summary: `${primaries.length} primary`,
      members: primaries.map((m) => m.key),
    },
    "constructor-signatures": {
      id: "constructor-signatures",
      passed: groups.size <= 1,
      value: groups.size,
      threshold: 1,
      summary: `${groups.size} constructor signature groups`,
      members: concrete.map((m) => m.key),
      groups: [...groups].map(([label, keys]) => ({ label, members: keys })),
    },
    "event-channels": {
      id: "event-channels",
      passed: emitters.length <= 1,
      value: emitters.length,
      threshold: 1,
      summary: `${emitters.length} members emit events directly`,
      members: emitters.map((m) => m.key),
    },
    "thin-adapters": {
      id: "thin-adapters",
      passed: fatAdapters.length === 0,
      value: fatAdapters.length,
      threshold: 60,
      summary: `${fatAdapters.length} adapters over 60 lines`,
      members: fatAdapters.map((m) => m.key),
    },
    "redirects-to-primary": {
      id: "redirects-to-primary",
      passed: strayRedirects.length === 0,
      value: strayRedirects.length,
      threshold: 0,
      summary: `${strayRedirects.length} redirects elsewhere`,
      members: strayRedirects.map((m) => m.key),
    },
    "one-definition-per-name": {
      id: "one-definition-per-name",
      passed: duplicated.length === 0,
      value: duplicated.length,
      threshold: 0,
      summary:
        duplicated.length === 0
          ? `${byName.size} names, each defined once`
          : `${duplicated.length} of ${byName.size} names defined more than once: ${duplicates}`,
      members: duplicated.flatMap(([, defs]) => defs.map((m) => m.key)),
      groups: duplicated.map(([name, defs]) => ({ label: `${name} (${defs.length} definitions)`, members: defs.map((m) => m.key) })),
    },
  };
  return CHECK_IDS.map((id) => byId[id]);
}

/**
 * Where a member is used at a week: the primary gains call sites as the others lose theirs; each other
 * member starts with a few files and is migrated off at its own pace, so some reach 0 (removable) before
 * they are deleted. Deterministic per member index.
 */
function usedBy(seed: Seed, index: number, week: number): UsedBy {
  if (seed.classification === "primary") return { files: 24 + week * 5, sites: 61 + week * 14 };
  const start = 3 + ((index * 7) % 17);
  const pace = 1 + (index % 4);
  const files = Math.max(0, start - week * pace);
  return { files, sites: files * 2 + (files > 0 ? index % 3 : 0) };
}

/** Non-member hits modelled on the seed report: docstring lines that mention an engine on a `class ` line, comments, strings, other names. */
const PROSE_HITS: Hit[] = [
  { file: "netra/agents/execution/factory.py", line: 4, kind: "docstring", word: "UserExecutionEngine" },
  { file: "netra/agents/execution/user_execution_engine.py", line: 2, kind: "docstring", word: "ExecutionEngine" },
  { file: "netra/agents/supervisor/adapter.py", line: 3, kind: "docstring", word: "SupervisorExecutionEngine" },
  { file: "netra/agents/request_scoped/factory.py", line: 5, kind: "docstring", word: "RequestScopedExecutionEngine" },
  { file: "netra/core/bridge.py", line: 2, kind: "docstring", word: "LegacyExecutionEngine" },
  { file: "netra/agents/execution/consolidated.py", line: 6, kind: "docstring", word: "ConsolidatedExecutionEngine" },
  { file: "netra/streaming/engine.py", line: 3, kind: "docstring", word: "DataExecutionEngine" },
  { file: "netra/agents/execution/interfaces.py", line: 18, kind: "comment", word: "IExecutionEngine" },
  { file: "netra/core/compat.py", line: 9, kind: "comment", word: "ExecutionEngine" },
  { file: "netra/services/registry.py", line: 41, kind: "string", word: "ToolExecutionEngine" },
  { file: "netra/services/registry.py", line: 44, kind: "string", word: "UserExecutionEngine" },
  { file: "netra/integrations/remote.py", line: 12, kind: "unresolved", word: "RemoteExecutionEngine" },
  { file: "netra/integrations/remote.py", line: 30, kind: "unresolved", word: "RemoteExecutionEngine" },
];

/** The reconciliation of a week: member hits from the members and their usages, plus the prose hits above. */
function reconciliation(members: readonly Member[], names: number): Reconciliation {
  const byKind = { ...emptyByKind() };
  for (const m of members) {
    byKind[m.kind === "alias" ? "alias" : "definition"] += 1;
    byKind.import += m.usedBy?.files ?? 0;
    byKind.reference += (m.usedBy?.sites ?? 0) - (m.usedBy?.files ?? 0);
  }
  for (const hit of PROSE_HITS) byKind[hit.kind] += 1;
  const lines = Object.values(byKind).reduce((sum, count) => sum + count, 0);
  const docstringWords = new Set(PROSE_HITS.filter((hit) => hit.kind === "docstring").map((hit) => hit.word));
  const otherWords = [...docstringWords].filter((word) => !members.some((m) => m.name === word)).length;
  const words = new Set([...members.map((m) => m.name), ...PROSE_HITS.map((hit) => hit.word)]).size;
  return {
    grep: { lines, files: new Set([...members.map((m) => m.file), ...PROSE_HITS.map((hit) => hit.file)]).size + 96, words },
    classLines: { lines: members.length + docstringWords.size, words: names + otherWords, classNames: names },
    byKind,
    excluded: [{ reason: "excluded by `**/tests/**`", files: 57, hits: 412 }],
    hits: PROSE_HITS,
    hitsTotal: PROSE_HITS.length,
  };
}

function inventory(week: number): CommittedInventory {
  const members = SEEDS.map((seed, index) => ({ ...member(seed, index), usedBy: usedBy(seed, index, week) })).filter(
    (_, index) => (SEEDS[index]?.removedAt ?? Infinity) > week,
  );
  const totals = computeTotals(members, PLAN.count);
  return IngestInventorySchema.parse({
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    scanner: { name: SCANNER_NAME, version: SCANNER_VERSION },
    commit: {
      sha: demoCommitSha(week),
      date: new Date(DEMO_TEMPLATE_FIRST_SCAN + week * WEEK_MS).toISOString(),
      branch: "main",
      message: `Consolidation week ${week + 1}`,
    },
    plan: PLAN,
    totals,
    members,
    checks: checks(members, totals.counted),
    files: {
      scanned: 412 + week * 3,
      skipped: [],
      failed: week === 3 ? [{ file: "netra/legacy/broken.py", reason: "syntax error at line 14" }] : [],
    },
    reconciliation: reconciliation(members, totals.names),
  });
}

const out = join(import.meta.dirname, "..", "demo", "scans");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (let week = 0; week < WEEKS; week += 1) {
  const scan = inventory(week);
  writeFileSync(join(out, `week-${String(week + 1).padStart(2, "0")}.json`), `${JSON.stringify(scan, null, 2)}\n`);
  console.log(
    `week ${week + 1}: ${scan.totals.counted} / ${PLAN.target} counted · ${scan.totals.names} names (${scan.totals.members} definitions) · ${scan.totals.legacyUsages} legacy usages`,
  );
}
console.log(`wrote ${WEEKS} demo scans to ${out}`);
