/**
 * Writes demo/scans/*.json: eight weekly inventories of a consolidation modelled on the seed report
 * (24 execution engines, target 8). Deterministic; re-run after a contract change:
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
} from "@/lib/contract/inventory";
import { SCANNER_NAME, SCANNER_VERSION } from "@/lib/version";

interface Seed {
  name: string;
  file: string;
  classification: Classification;
  reason: string;
  /** Index of the first weekly scan in which the member no longer exists. */
  removedAt?: number;
  emits?: boolean;
  aliasOf?: string;
  signature?: string;
}

const SEEDS: Seed[] = [
  { name: "UserExecutionEngine", file: "netra/agents/execution/user_execution_engine.py", classification: "primary", reason: "named as primary in the plan", emits: true, signature: "(context, agent_factory, websocket_emitter)" },
  { name: "UnifiedToolExecutionEngine", file: "netra/tools/unified_tool_execution.py", classification: "core", reason: "concrete implementation", removedAt: 5, emits: true, signature: "()" },
  { name: "ToolExecutionEngine", file: "netra/tools/tool_execution_engine.py", classification: "core", reason: "concrete implementation", removedAt: 4, signature: "()" },
  { name: "BaseExecutionEngine", file: "netra/agents/execution/base_engine.py", classification: "core", reason: "concrete implementation", removedAt: 6, emits: true, signature: "()" },
  { name: "SupervisorExecutionEngineAdapter", file: "netra/agents/supervisor/adapter.py", classification: "adapter", reason: "name ends in Adapter", signature: "(context, agent_factory, websocket_emitter)" },
  { name: "ConsolidatedExecutionEngineWrapper", file: "netra/agents/execution/consolidated.py", classification: "adapter", reason: "name ends in Wrapper", removedAt: 3, signature: "(engine)" },
  { name: "GenericExecutionEngineAdapter", file: "netra/agents/execution/generic_adapter.py", classification: "adapter", reason: "name ends in Adapter", signature: "(context, agent_factory, websocket_emitter)" },
  { name: "ExecutionEngineAdapter", file: "netra/agents/execution/adapter.py", classification: "adapter", reason: "name ends in Adapter", removedAt: 7, signature: "(engine)" },
  { name: "UnifiedExecutionEngineFactory", file: "netra/agents/execution/unified_factory.py", classification: "factory", reason: "name ends in Factory", removedAt: 2 },
  { name: "ExecutionEngineFactory", file: "netra/agents/execution/factory.py", classification: "factory", reason: "name ends in Factory" },
  { name: "RequestScopedExecutionEngineFactory", file: "netra/agents/request_scoped/factory.py", classification: "factory", reason: "name ends in Factory", removedAt: 4 },
  { name: "ExecutionEngine", file: "netra/agents/execution/__init__.py", classification: "legacy", reason: "alias of UserExecutionEngine", aliasOf: "UserExecutionEngine" },
  { name: "MCPEnhancedExecutionEngine", file: "netra/mcp/enhanced_engine.py", classification: "legacy", reason: "raises DeprecationWarning", removedAt: 3 },
  { name: "RequestScopedExecutionEngine", file: "netra/agents/request_scoped/engine.py", classification: "legacy", reason: "path contains legacy" },
  { name: "IsolatedExecutionEngine", file: "netra/agents/isolated/engine.py", classification: "legacy", reason: "raises DeprecationWarning", removedAt: 5 },
  { name: "IExecutionEngine", file: "netra/agents/execution/interfaces.py", classification: "interface", reason: "I + capital prefix" },
  { name: "ExecutionEngineCapabilities", file: "netra/agents/execution/interfaces.py", classification: "interface", reason: "name contains Capabilities" },
  { name: "UserExecutionEngineWrapper", file: "netra/agents/execution/user_wrapper.py", classification: "adapter", reason: "name ends in Wrapper", removedAt: 2, signature: "(engine)" },
  { name: "UserExecutionEngineExtensions", file: "netra/agents/execution/extensions.py", classification: "support", reason: "name ends in Extensions" },
  { name: "ExecutionEngineFactoryValidator", file: "netra/agents/execution/validation.py", classification: "support", reason: "name ends in Validator" },
  { name: "ExecutionEngineFactoryError", file: "netra/agents/execution/errors.py", classification: "support", reason: "name ends in Error" },
  { name: "PipelineExecutionEngine", file: "netra/pipelines/engine.py", classification: "core", reason: "concrete implementation", removedAt: 1, emits: true, signature: "(pipeline)" },
  { name: "AsyncExecutionEngine", file: "netra/agents/execution/async_engine.py", classification: "core", reason: "concrete implementation", removedAt: 1, signature: "()" },
  { name: "StreamingExecutionEngine", file: "netra/streaming/engine.py", classification: "core", reason: "concrete implementation", emits: true, signature: "(stream)" },
  { name: "ExecutionEngineConfig", file: "netra/agents/execution/config.py", classification: "support", reason: "name ends in Config" },
  { name: "ExecutionEngineRegistryError", file: "netra/agents/execution/errors.py", classification: "support", reason: "name ends in Error" },
];

const PLAN: Plan = {
  pattern: "ExecutionEngine",
  primary: "UserExecutionEngine",
  target: 8,
  countSupport: false,
  phases: [
    { name: "Interface standardization", due: "2026-10-20", target: 18 },
    { name: "Logic consolidation", due: "2026-12-15", target: 10 },
    { name: "Testing and validation", due: "2027-01-31", target: 8 },
  ],
};

const PHASE_OF: Partial<Record<Classification, string>> = {
  interface: "Interface standardization",
  core: "Logic consolidation",
  legacy: "Logic consolidation",
  adapter: "Testing and validation",
};

const FIRST_WEEK = Date.parse("2026-09-29T09:30:00Z");
const WEEK_MS = 7 * 24 * 3600 * 1000;
const WEEKS = 8;

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
    methods: seed.classification === "support" ? [] : ["execute_agent", "execute_pipeline"],
    abstract: seed.classification === "interface",
    abstractReason: seed.classification === "interface" ? "only abstract methods" : null,
    deprecated: seed.reason === "raises DeprecationWarning",
    aliasOf: seed.aliasOf ?? null,
    delegatesTo: seed.classification === "adapter" ? "UserExecutionEngine" : null,
    emits: seed.emits ? 3 : 0,
    bodyHash: sha(`body:${seed.name}`).slice(0, 16),
  };
}

function checks(members: Member[]): CheckResult[] {
  const counted = members.filter((m) => m.counted).length;
  const primaries = members.filter((m) => m.classification === "primary");
  const concrete = members.filter((m) => m.constructor && (m.classification === "core" || m.classification === "primary"));
  const groups = new Map<string, string[]>();
  for (const m of concrete) groups.set(m.constructor!.signature, [...(groups.get(m.constructor!.signature) ?? []), m.key]);
  const emitters = members.filter((m) => m.emits > 0);
  const fatAdapters = members.filter((m) => m.classification === "adapter" && m.loc > 60);
  const strayRedirects = members.filter((m) => m.aliasOf !== null && m.aliasOf !== PLAN.primary);
  const byId: Record<(typeof CHECK_IDS)[number], CheckResult> = {
    "count-within-target": { id: "count-within-target", passed: counted <= PLAN.target, value: counted, threshold: PLAN.target, summary: `${counted} counted against a target of ${PLAN.target}`, members: [] },
    "single-primary": { id: "single-primary", passed: primaries.length === 1, value: primaries.length, threshold: 1, summary: `${primaries.length} primary`, members: primaries.map((m) => m.key) },
    "constructor-signatures": { id: "constructor-signatures", passed: groups.size <= 1, value: groups.size, threshold: 1, summary: `${groups.size} constructor signature groups`, members: concrete.map((m) => m.key), groups: [...groups].map(([label, keys]) => ({ label, members: keys })) },
    "event-channels": { id: "event-channels", passed: emitters.length <= 1, value: emitters.length, threshold: 1, summary: `${emitters.length} members emit events directly`, members: emitters.map((m) => m.key) },
    "thin-adapters": { id: "thin-adapters", passed: fatAdapters.length === 0, value: fatAdapters.length, threshold: 60, summary: `${fatAdapters.length} adapters over 60 lines`, members: fatAdapters.map((m) => m.key) },
    "redirects-to-primary": { id: "redirects-to-primary", passed: strayRedirects.length === 0, value: strayRedirects.length, threshold: 0, summary: `${strayRedirects.length} redirects elsewhere`, members: strayRedirects.map((m) => m.key) },
  };
  return CHECK_IDS.map((id) => byId[id]);
}

function inventory(week: number): CommittedInventory {
  const members = SEEDS.map(member).filter((_, index) => (SEEDS[index]?.removedAt ?? Infinity) > week);
  return IngestInventorySchema.parse({
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    scanner: { name: SCANNER_NAME, version: SCANNER_VERSION },
    commit: {
      sha: sha(`demo-week-${week}`),
      date: new Date(FIRST_WEEK + week * WEEK_MS).toISOString(),
      branch: "main",
      message: `Consolidation week ${week + 1}`,
    },
    plan: PLAN,
    totals: computeTotals(members),
    members,
    checks: checks(members),
    files: { scanned: 412 + week * 3, skipped: [], failed: week === 3 ? [{ file: "netra/legacy/broken.py", reason: "syntax error at line 14" }] : [] },
  });
}

const out = join(import.meta.dirname, "..", "demo", "scans");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (let week = 0; week < WEEKS; week += 1) {
  writeFileSync(join(out, `week-${String(week + 1).padStart(2, "0")}.json`), `${JSON.stringify(inventory(week), null, 2)}\n`);
}
console.log(`wrote ${WEEKS} demo scans to ${out}`);
