import type { Classification } from "../contract/inventory";
import type { ResolvedConfig } from "./config";
import { requiredLiterals } from "./pattern";
import type { ExtractedMember } from "./types";

export interface Decision {
  classification: Classification;
  reason: string;
}

/** Name words that decide a class, by rule. Support looks at the last word only. */
export const SUPPORT_WORDS = [
  "Error",
  "Errors",
  "Exception",
  "Warning",
  "Validator",
  "Validators",
  "Validation",
  "Config",
  "Configuration",
  "Settings",
  "Options",
  "Params",
  "Extension",
  "Extensions",
  "Mixin",
  "Result",
  "Results",
  "Metrics",
  "Stats",
  "Status",
  "State",
  "Event",
  "Context",
  "Info",
  "Enum",
  "Type",
  "Types",
  "Mock",
  "Fake",
  "Stub",
  "Dummy",
];
/** First name words of test doubles: `MockAgentExecutionEngine`, `TestExecutionEngineHelper`. */
export const TEST_DOUBLE_WORDS = ["Mock", "Fake", "Stub", "Dummy", "Test"];
/** Folders that hold test doubles and fixtures, matched as whole path segments. */
export const TEST_DOUBLE_FOLDERS = ["fixtures", "test_framework", "testing", "mocks", "__mocks__", "tests", "test", "__tests__"];
export const LEGACY_WORDS = ["Legacy", "Compat", "Compatibility", "Redirect", "Deprecated", "Shim"];
export const LEGACY_PATH = /(legacy|compat|redirect|deprecated)/i;
export const INTERFACE_WORDS = ["Interface", "Capabilities", "Capability", "Protocol", "Contract", "Abstract"];
export const ADAPTER_WORDS = ["Adapter", "Wrapper", "Facade", "Proxy", "Bridge"];
export const FACTORY_WORDS = ["Factory", "Builder", "Provider", "Manager"];

/** `MCPEnhancedExecutionEngine` → [MCP, Enhanced, Execution, Engine]. */
export function nameWords(name: string): string[] {
  return name.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?[\p{Ll}\p{N}]+/gu) ?? [];
}

const familyWordCache = new Map<string, ReadonlySet<string>>();

/**
 * The words of the family's own noun (`Type$` → Type, `WebSocketManager` → Web, Socket, Manager): every
 * member carries them, so they say nothing about one member. Without this, a `Type$` family would be all
 * support and a `WebSocketManager` family all factories.
 */
export function familyWords(pattern: string): ReadonlySet<string> {
  let words = familyWordCache.get(pattern);
  if (!words) {
    words = new Set((requiredLiterals(pattern) ?? []).flatMap((literal) => nameWords(literal)));
    familyWordCache.set(pattern, words);
  }
  return words;
}

function wordRule(name: string, words: readonly string[], ignore: ReadonlySet<string>): string | null {
  const parts = nameWords(name);
  const last = parts[parts.length - 1];
  if (last && words.includes(last) && !ignore.has(last)) return `name ends in ${last}`;
  const inside = parts.find((p) => words.includes(p) && !ignore.has(p));
  return inside ? `name contains ${inside}` : null;
}

/** Facts about the whole family that a single file cannot know. */
export interface FamilyFacts {
  memberNames: ReadonlySet<string>;
  delegatesTo: string | null;
  /** For an alias: the class it finally names (through alias chains) and that class's decision, when it is a member. */
  aliasTarget?: { name: string; decision: Decision } | null;
}

/**
 * Why a name or a place marks support (errors, configs, test doubles, …), or null. Words of the family's
 * own noun (`ignore`, see familyWords) are no evidence: in an `Error$` family, being an error is the point.
 */
export function supportEvidence(
  member: Pick<ExtractedMember, "name" | "bases" | "file">,
  ignore: ReadonlySet<string> = new Set(),
): string | null {
  const words = nameWords(member.name);
  const lastWord = words[words.length - 1];
  if (lastWord && SUPPORT_WORDS.includes(lastWord) && !ignore.has(lastWord)) return `name ends in ${lastWord}`;
  const errorWords = ["Error", "Exception", "Warning"].filter((word) => !ignore.has(word));
  const errorBase =
    errorWords.length > 0 ? member.bases.find((b) => new RegExp(`(${errorWords.join("|")})$`).test(b.replace(/\[.*$/s, ""))) : undefined;
  if (errorBase) return `subclass of ${errorBase}`;
  const firstWord = words[0];
  if (firstWord && words.length > 1 && TEST_DOUBLE_WORDS.includes(firstWord) && !ignore.has(firstWord))
    return `test double: name starts with ${firstWord}`;
  const folders = member.file.split("/").slice(0, -1);
  const folder = folders.find((segment) => TEST_DOUBLE_FOLDERS.includes(segment));
  if (folder) return `test double: path contains "${folder}/"`;
  return null;
}

/** `; deprecated methods: run_sync` — a method's own deprecation is shown, but never makes the class legacy. */
function withDeprecatedMethods(decision: Decision, methods: readonly string[]): Decision {
  if (methods.length === 0) return decision;
  const label = methods.length === 1 ? "deprecated method" : "deprecated methods";
  return { ...decision, reason: `${decision.reason}; ${label}: ${methods.join(", ")}` };
}

function classifyAlias(member: ExtractedMember, facts: FamilyFacts, ignore: ReadonlySet<string>): Decision {
  const target = member.aliasOf ?? "?";
  const resolved = facts.aliasTarget;
  // An alias of an error, a config or a test double is support like what it names.
  if (resolved?.decision.classification === "support") {
    const via = resolved.name === target ? "" : ` → ${resolved.name}`;
    return { classification: "support", reason: `alias of ${target}${via} (support: ${resolved.decision.reason})` };
  }
  const own = supportEvidence(member, ignore);
  if (own) return { classification: "support", reason: `alias of ${target} (support: ${own})` };
  if (member.aliasVia === "assignment") return { classification: "legacy", reason: `alias of ${target}` };
  const form = member.aliasVia === "export" ? "export { … as … }" : "import … as …";
  return { classification: "legacy", reason: `re-export of ${target} under another name (${form})` };
}

/**
 * Decides one member's class. The first rule that fires wins, in this order:
 * config override, alias, primary, support, legacy, interface, adapter (name), factory (name),
 * adapter (delegation), factory (returns members), abstract base, core. docs/scanner.md lists the same order.
 * Deprecated methods never decide; they are added to whichever reason fires.
 */
export function classify(member: ExtractedMember, key: string, config: ResolvedConfig, facts: FamilyFacts): Decision {
  return withDeprecatedMethods(decide(member, key, config, facts), member.deprecatedMethods);
}

function decide(member: ExtractedMember, key: string, config: ResolvedConfig, facts: FamilyFacts): Decision {
  const override = config.classify[key] ?? config.classify[member.name];
  if (override) {
    const by = config.classify[key] ? key : member.name;
    return { classification: override, reason: `classified as ${override} in the config (classify: ${by})` };
  }
  const ignore = familyWords(config.pattern);
  if (member.kind === "alias") return classifyAlias(member, facts, ignore);
  if (config.primary !== null && member.name === config.primary) {
    return { classification: "primary", reason: "named as primary in the plan" };
  }

  const support = supportEvidence(member, ignore);
  if (support) return { classification: "support", reason: support };

  // Only a deprecation of the class itself (class level, constructor, decorator, JSDoc tag) makes it legacy.
  if (member.deprecated) return { classification: "legacy", reason: `deprecated (${member.deprecatedReason ?? "marker"})` };
  const legacyName = wordRule(member.name, LEGACY_WORDS, ignore);
  if (legacyName) return { classification: "legacy", reason: legacyName };
  const legacySegment = member.file.split("/").find((segment) => LEGACY_PATH.test(segment));
  if (legacySegment)
    return { classification: "legacy", reason: `path contains "${legacySegment.match(LEGACY_PATH)?.[0] ?? legacySegment}"` };

  if (member.protocol) return { classification: "interface", reason: "Protocol base" };
  if (member.onlyAbstractMethods) {
    const shape = member.language !== "python" ? "abstract class" : /ABC/.test(member.abstractReason ?? "") ? "ABC" : "class";
    return { classification: "interface", reason: `${shape} with only abstract methods` };
  }
  if (member.ambient) return { classification: "interface", reason: "ambient declaration (declare class): no implementation here" };
  if (/^I\p{Lu}\p{Ll}/u.test(member.name)) return { classification: "interface", reason: "name starts with I + capital" };
  const interfaceName = wordRule(member.name, INTERFACE_WORDS, ignore);
  if (interfaceName) return { classification: "interface", reason: interfaceName };

  const adapterName = wordRule(member.name, ADAPTER_WORDS, ignore);
  if (adapterName) return { classification: "adapter", reason: adapterName };
  const factoryName = wordRule(member.name, FACTORY_WORDS, ignore);
  if (factoryName) return { classification: "factory", reason: factoryName };

  const ratio = config.checks.adapterDelegationRatio;
  if (facts.delegatesTo && member.publicMethodCount > 0 && member.delegatingMethods / member.publicMethodCount >= ratio) {
    return {
      classification: "adapter",
      reason: `body mostly delegates to ${facts.delegatesTo} (${member.delegatingMethods} of ${member.publicMethodCount} public methods)`,
    };
  }
  const returned = member.returns.filter((n) => n !== member.name && facts.memberNames.has(n));
  if (returned.length > 0) return { classification: "factory", reason: `methods return members (${returned.join(", ")})` };

  // An abstract base (sentry-python's Integration, mikro-orm's DatabaseDriver) cannot be instantiated: it is
  // the family's shared interface with defaults, not a duplicate engine to remove.
  if (member.abstract) {
    return { classification: "interface", reason: `abstract base with concrete methods (${member.abstractReason ?? "abstract"})` };
  }
  return { classification: "core", reason: "concrete implementation; no other rule matched" };
}
