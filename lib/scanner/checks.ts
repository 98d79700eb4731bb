import { countedRepresentatives, formatCount, LIMITS, type CheckResult, type Member, type Plan } from "../contract/inventory";
import type { ResolvedConfig } from "./config";

type Thresholds = ResolvedConfig["checks"];

const CONCRETE = new Set(["primary", "core", "adapter", "legacy"]);
const NEUTRAL_BASES = new Set(["object", "ABC", "Protocol", "Generic"]);

function baseName(base: string): string {
  const bare = base.replace(/[[<(].*$/s, "");
  const parts = bare.split(".");
  return (parts[parts.length - 1] ?? bare).trim();
}

function list(names: readonly string[], max = 8): string {
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

/** Follows alias names to what they finally name: `ExecutionEngine` → `UserExecutionEngine`. */
export function aliasResolver(members: readonly Member[]): (name: string) => string {
  const aliases = new Map<string, string>();
  for (const m of members) if (m.kind === "alias" && m.aliasOf && !aliases.has(m.name)) aliases.set(m.name, m.aliasOf);
  return (name) => {
    const seen = new Set<string>();
    let current = name;
    while (aliases.has(current) && !seen.has(current)) {
      seen.add(current);
      current = aliases.get(current) as string;
    }
    return current;
  };
}

/** A member's effective constructor signature, inherited through member bases when it has none. */
export function signatureResolver(members: readonly Member[]): (member: Member) => string {
  const classes = new Map<string, Member>();
  for (const m of members) if (m.kind === "class" && !classes.has(m.name)) classes.set(m.name, m);
  const resolve = (member: Member, seen: Set<string>): string => {
    if (member.constructor) return member.constructor.signature;
    seen.add(member.key);
    for (const base of member.bases) {
      const parent = classes.get(baseName(base));
      if (parent && !seen.has(parent.key)) return resolve(parent, seen);
    }
    const external = member.bases.map(baseName).filter((b) => !NEUTRAL_BASES.has(b));
    return external.length === 0 ? "()" : `(inherited from ${external[0]})`;
  };
  return (member) => resolve(member, new Set());
}

/** "24 names (35 definitions) counted, target 8": the count in the plan's unit, the other unit beside it. */
function countWithinTarget(members: readonly Member[], plan: Plan): CheckResult {
  const counted = members.filter((m) => m.counted);
  const value = countedRepresentatives(members, plan.count).length;
  const names = new Set(counted.map((m) => m.name)).size;
  return {
    id: "count-within-target",
    passed: value <= plan.target,
    value,
    threshold: plan.target,
    summary: `${formatCount({ names, members: counted.length }, plan.count)} counted, target ${plan.target}`,
    members: counted.map((m) => m.key),
  };
}

/** Every name defined more than once (classes and aliases alike), with the keys that define it: what consolidation removes. */
function oneDefinitionPerName(members: readonly Member[]): CheckResult {
  const byName = new Map<string, Member[]>();
  for (const m of members) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  const duplicated = [...byName.entries()]
    .filter(([, defs]) => defs.length > 1)
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const label = ([name, defs]: [string, Member[]]) => `${name} ×${defs.length}`;
  const files = ([, defs]: [string, Member[]]) => [...new Set(defs.map((m) => m.file))];
  return {
    id: "one-definition-per-name",
    passed: duplicated.length === 0,
    value: duplicated.length,
    threshold: 0,
    summary:
      duplicated.length === 0
        ? `${byName.size} names, each defined once`
        : `${duplicated.length} of ${byName.size} names defined more than once: ${list(
            duplicated.map((d) => `${label(d)} (${list(files(d), 3)})`),
            5,
          )}`,
    members: duplicated.flatMap(([, defs]) => defs.map((m) => m.key)),
    groups: duplicated
      .slice(0, LIMITS.maxList)
      .map((d) => ({ label: `${d[0]} (${d[1].length} definitions)`, members: d[1].map((m) => m.key) })),
  };
}

/** The checks from DESIGN.md plus one-definition-per-name, in CHECK_IDS order. */
export function runChecks(members: readonly Member[], plan: Plan, thresholds: Thresholds): CheckResult[] {
  const resolveAlias = aliasResolver(members);
  const primary = plan.primary;

  const primaries = members.filter((m) => m.classification === "primary");
  const primarySummary =
    primaries.length === 1
      ? `${primaries[0]?.name} is the one primary`
      : primaries.length === 0
        ? primary === null
          ? 'no primary named in the plan (set "primary" in converge.config.json)'
          : `the plan's primary ${primary} was not found`
        : `${primaries.length} primaries: ${list(primaries.map((m) => m.key))}`;

  // Constructor signatures of the concrete engines.
  const signatureOf = signatureResolver(members);
  const engines = members.filter((m) => m.kind === "class" && !m.abstract && CONCRETE.has(m.classification));
  const bySignature = new Map<string, Member[]>();
  for (const m of engines) {
    const sig = signatureOf(m);
    bySignature.set(sig, [...(bySignature.get(sig) ?? []), m]);
  }
  const primaryEngine = engines.find((m) => m.classification === "primary");
  const groups = [...bySignature.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const reference = primaryEngine ? signatureOf(primaryEngine) : groups[0]?.[0];
  const drift = groups.filter(([sig]) => sig !== reference).flatMap(([, ms]) => ms);

  const emitters = members.filter(
    (m) => m.kind === "class" && m.emits > 0 && m.classification !== "interface" && m.classification !== "support",
  );

  const adapters = members.filter((m) => m.classification === "adapter");
  const adapterProblems: Array<{ member: Member; problem: string }> = [];
  for (const m of adapters) {
    const problems: string[] = [];
    if (m.loc > thresholds.maxAdapterLines) problems.push(`${m.loc} lines > ${thresholds.maxAdapterLines}`);
    const target = m.delegatesTo ? resolveAlias(m.delegatesTo) : null;
    if (primary !== null && target !== primary)
      problems.push(target ? `delegates to ${target}, not ${primary}` : `does not delegate to ${primary}`);
    if (primary === null && target === null) problems.push("delegates to no member");
    if (problems.length > 0) adapterProblems.push({ member: m, problem: `${m.name} (${problems.join("; ")})` });
  }

  const classNames = new Set(members.filter((m) => m.kind === "class").map((m) => m.name));
  const legacy = members.filter((m) => m.classification === "legacy");
  const strays: Array<{ member: Member; problem: string }> = [];
  for (const m of legacy) {
    let target: string | null;
    if (m.kind === "alias") target = m.aliasOf ? resolveAlias(m.aliasOf) : null;
    else {
      const base = m.bases.map(baseName).find((b) => classNames.has(resolveAlias(b)));
      target = m.delegatesTo ? resolveAlias(m.delegatesTo) : base ? resolveAlias(base) : null;
    }
    if (primary === null || target !== primary) strays.push({ member: m, problem: `${m.name} → ${target ?? "nothing"}` });
  }

  return [
    countWithinTarget(members, plan),
    {
      id: "single-primary",
      passed: primaries.length === 1,
      value: primaries.length,
      threshold: 1,
      summary: primarySummary,
      members: primaries.map((m) => m.key),
    },
    {
      id: "constructor-signatures",
      passed: groups.length <= thresholds.maxSignatureGroups,
      value: groups.length,
      threshold: thresholds.maxSignatureGroups,
      summary:
        groups.length <= 1
          ? `${engines.length} concrete engines share ${groups.length === 1 ? `one signature ${groups[0]?.[0]}` : "no signature"}`
          : `${groups.length} constructor signatures across ${engines.length} concrete engines: ${list(
              groups.map(([sig, ms]) => `${sig} ×${ms.length}`),
              6,
            )}`,
      members: drift.map((m) => m.key),
      groups: groups.map(([sig, ms]) => ({ label: sig, members: ms.map((m) => m.key) })),
    },
    {
      id: "event-channels",
      passed: emitters.length <= thresholds.maxEventChannels,
      value: emitters.length,
      threshold: thresholds.maxEventChannels,
      summary:
        emitters.length === 0
          ? "no member emits events directly"
          : `${emitters.length} member(s) emit events directly: ${list(emitters.map((m) => m.name))}`,
      members: emitters.map((m) => m.key),
    },
    {
      id: "thin-adapters",
      passed: adapterProblems.length === 0,
      value: adapterProblems.length,
      threshold: 0,
      summary:
        adapterProblems.length === 0
          ? `${adapters.length} adapter(s), all thin and delegating to ${primary ?? "a member"}`
          : `${adapterProblems.length} of ${adapters.length} adapters are not thin: ${list(
              adapterProblems.map((p) => p.problem),
              5,
            )}`,
      members: adapterProblems.map((p) => p.member.key),
    },
    {
      id: "redirects-to-primary",
      passed: strays.length === 0,
      value: strays.length,
      threshold: 0,
      summary:
        strays.length === 0
          ? `${legacy.length} legacy redirect(s), all resolving to ${primary ?? "the primary"}`
          : primary === null
            ? `${strays.length} legacy redirect(s) and no primary named in the plan`
            : `${strays.length} of ${legacy.length} legacy redirects do not resolve to ${primary}: ${list(
                strays.map((s) => s.problem),
                5,
              )}`,
      members: strays.map((s) => s.member.key),
    },
    oneDefinitionPerName(members),
  ];
}
