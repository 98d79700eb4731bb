import { INVENTORY_SCHEMA_VERSION, LIMITS, computeTotals, type FileIssue, type Inventory, type Member } from "../contract/inventory";
import { SCANNER_NAME, SCANNER_VERSION } from "../version";
import { runChecks } from "./checks";
import { classify, type Decision } from "./classify";
import { toPlan, type ResolvedConfig } from "./config";
import { type ExcludedCount, occurrenceFiles, parsedCount, reconcile, toReconciliation, usagesOf } from "./reconcile";
import type { ExtractedMember, FileExtraction } from "./types";

export type CommitInfo = Inventory["commit"];

export interface BuildInput {
  /** One extraction per file considered (no-match files included: they count as scanned). */
  extractions: readonly FileExtraction[];
  config: ResolvedConfig;
  commit: CommitInfo;
  /** Problems found before extraction (walker: symlink loops, unreadable files). */
  issues?: ReadonlyArray<FileIssue & { kind: "skipped" | "failed" }>;
  /**
   * Usages were measured (the extractions carry occurrences): members get `usedBy`, the totals
   * `legacyUsages`, the inventory its `reconciliation`. `excluded`: hits in files the config leaves out.
   */
  usages?: { excluded: readonly ExcludedCount[] };
}

function baseName(base: string): string {
  const bare = base.replace(/[[<(].*$/s, "");
  const parts = bare.split(".");
  return (parts[parts.length - 1] ?? bare).trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function clipList(items: readonly string[], maxItem: number = LIMITS.maxName): string[] {
  return items.slice(0, LIMITS.maxList).map((i) => clip(i, maxItem));
}

/** Most-called family member other than the member itself (first seen wins a tie). */
function delegationTarget(member: ExtractedMember, names: ReadonlySet<string>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [name, count] of Object.entries(member.calls)) {
    if (name === member.name || !names.has(name)) continue;
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

/** Follows alias names (first definition wins) until a class name: `ExecutionEngineError` → `ExecutionEngineFactoryError`. */
function aliasTargetResolver(members: readonly ExtractedMember[]): (name: string) => string {
  const classNames = new Set(members.filter((m) => m.kind === "class").map((m) => m.name));
  const aliases = new Map<string, string>();
  for (const m of members) if (m.kind === "alias" && m.aliasOf && !aliases.has(m.name)) aliases.set(m.name, m.aliasOf);
  return (name) => {
    const seen = new Set<string>();
    let current = name;
    while (!classNames.has(current) && aliases.has(current) && !seen.has(current)) {
      seen.add(current);
      current = aliases.get(current) as string;
    }
    return current;
  };
}

/**
 * Classes first, then aliases: an alias takes the class of what it names when that is support, so it
 * needs the decisions of the classes. A name defined several times answers with its first definition.
 */
function decideAll(
  members: readonly ExtractedMember[],
  keys: readonly string[],
  config: ResolvedConfig,
  names: ReadonlySet<string>,
): Array<{ decision: Decision; delegatesTo: string | null }> {
  const out: Array<{ decision: Decision; delegatesTo: string | null }> = new Array(members.length);
  const classDecisions = new Map<string, Decision>();
  members.forEach((m, index) => {
    if (m.kind !== "class") return;
    const delegatesTo = delegationTarget(m, names);
    const decision = classify(m, keys[index] as string, config, { memberNames: names, delegatesTo });
    out[index] = { decision, delegatesTo };
    if (!classDecisions.has(m.name)) classDecisions.set(m.name, decision);
  });
  const resolve = aliasTargetResolver(members);
  members.forEach((m, index) => {
    if (m.kind !== "alias") return;
    const finalName = m.aliasOf ? resolve(m.aliasOf) : null;
    const decision = finalName ? classDecisions.get(finalName) : undefined;
    const aliasTarget = finalName && decision ? { name: finalName, decision } : null;
    out[index] = {
      decision: classify(m, keys[index] as string, config, { memberNames: names, delegatesTo: null, aliasTarget }),
      delegatesTo: null,
    };
  });
  return out;
}

/**
 * Whole-family step: subclass resolution, delegation, classification, phases, checks and totals.
 * Pure: the same extractions, config and commit give the same inventory.
 */
export function buildInventory(input: BuildInput): Inventory {
  const { config, commit } = input;
  const extracted: ExtractedMember[] = [];
  const candidates: ExtractedMember[] = [];
  for (const extraction of input.extractions) {
    for (const m of extraction.members) (m.candidate ? candidates : extracted).push(m);
  }
  // Subclasses whose own name does not match: kept when a base is a member, transitively.
  const names = new Set(extracted.map((m) => m.name));
  let grew = config.subclasses;
  while (grew) {
    grew = false;
    for (let i = candidates.length - 1; i >= 0; i--) {
      const c = candidates[i] as ExtractedMember;
      if (c.bases.some((b) => names.has(baseName(b)))) {
        extracted.push(c);
        names.add(c.name);
        candidates.splice(i, 1);
        grew = true;
      }
    }
  }

  extracted.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.qualifiedName.localeCompare(b.qualifiedName),
  );
  const usedKeys = new Map<string, number>();
  const phaseOf = (key: string, name: string): string | null =>
    config.phases.find((p) => p.members?.includes(key))?.name ?? config.phases.find((p) => p.members?.includes(name))?.name ?? null;

  const kept = extracted.slice(0, LIMITS.maxMembers);
  const keys = kept.map((m) => {
    const baseKey = `${m.file}::${m.qualifiedName}`;
    const seen = usedKeys.get(baseKey) ?? 0;
    usedKeys.set(baseKey, seen + 1);
    return seen === 0 ? baseKey : `${baseKey}#${seen + 1}`;
  });
  const decisions = decideAll(kept, keys, config, names);

  let reconciliation: Inventory["reconciliation"];
  const members: Member[] = kept.map((m, index) => {
    const key = keys[index] as string;
    const { decision, delegatesTo } = decisions[index] as { decision: Decision; delegatesTo: string | null };
    const reason = m.candidate ? `${decision.reason} (subclass of a member)` : decision.reason;
    return {
      key: clip(key, LIMITS.maxPath + LIMITS.maxName + 2),
      name: clip(m.name, LIMITS.maxName),
      qualifiedName: clip(m.qualifiedName, LIMITS.maxName * 2),
      kind: m.kind,
      language: m.language,
      file: clip(m.file, LIMITS.maxPath),
      line: m.line,
      endLine: Math.max(m.line, m.endLine),
      loc: m.loc,
      classification: decision.classification,
      reason: clip(reason, LIMITS.maxText),
      phase: phaseOf(key, m.name),
      counted: decision.classification !== "support" || config.countSupport,
      bases: clipList(m.bases),
      decorators: clipList(m.decorators),
      constructor: m.constructor
        ? { params: clipList(m.constructor.params, LIMITS.maxText), signature: clip(m.constructor.signature, LIMITS.maxText) }
        : null,
      methods: clipList(m.methods),
      abstract: m.abstract,
      abstractReason: m.abstractReason === null ? null : clip(m.abstractReason, LIMITS.maxText),
      deprecated: m.deprecated,
      deprecatedMethods: clipList(m.deprecatedMethods),
      aliasOf: m.aliasOf === null ? null : clip(m.aliasOf, LIMITS.maxName),
      delegatesTo,
      emits: m.emits,
      bodyHash: m.bodyHash,
    };
  });

  if (input.usages) {
    const explain = reconcile({
      family: { slug: config.slug, name: config.name, pattern: config.pattern },
      members,
      files: occurrenceFiles(input.extractions),
      excluded: input.usages.excluded,
      scanned: input.extractions.length,
      parsed: parsedCount(input.extractions),
    });
    const used = usagesOf(members, explain.hits);
    for (const member of members) member.usedBy = used.get(member.key) ?? { files: 0, sites: 0 };
    reconciliation = toReconciliation(explain);
  }

  const plan = toPlan(config);
  const skipped: FileIssue[] = [];
  const failed: FileIssue[] = [];
  for (const issue of input.issues ?? []) (issue.kind === "skipped" ? skipped : failed).push({ file: issue.file, reason: issue.reason });
  for (const e of input.extractions) {
    if (e.issue) (e.issue.kind === "skipped" ? skipped : failed).push({ file: e.file, reason: e.issue.reason });
  }
  const byFile = (a: FileIssue, b: FileIssue) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const fixIssue = (i: FileIssue): FileIssue => ({ file: clip(i.file, LIMITS.maxPath), reason: clip(i.reason, LIMITS.maxText) });

  return {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    scanner: { name: SCANNER_NAME, version: SCANNER_VERSION },
    commit,
    plan,
    totals: computeTotals(members, plan.count),
    members,
    checks: runChecks(members, plan, config.checks),
    files: {
      scanned: input.extractions.length + (input.issues?.length ?? 0),
      skipped: skipped.sort(byFile).slice(0, LIMITS.maxFileIssues).map(fixIssue),
      failed: failed.sort(byFile).slice(0, LIMITS.maxFileIssues).map(fixIssue),
    },
    ...(reconciliation ? { reconciliation } : {}),
  };
}
