/** The scanner's public API: pure extraction and inventory building, plus the directory convenience. */
export { createExtractor, createMultiExtractor, extractOptionsKey, type Extractor, type MultiExtractor } from "./extract";
export { buildInventory, type BuildInput, type CommitInfo } from "./inventory";
export { classify, nameWords, type Decision } from "./classify";
export { runChecks } from "./checks";
export {
  CONFIG_LOCATIONS,
  ConfigError,
  configHash,
  discoverConfig,
  loadConfig,
  loadExplicitConfig,
  parseConfigText,
  parseConfigValue,
  resolveConfig,
  toExtractOptions,
  toPlan,
  type ResolvedConfig,
  type ResolvedPortfolio,
} from "./config";
export { isPortfolioInventory, toPortfolioInventory, type FamilyResult } from "./portfolio";
export { compilePattern, requiredLiterals } from "./pattern";
export { languageOf } from "./parsers";
export { walkFiles, pathFilter, OUTSIDE_SYMLINK, type WalkEntry, type WalkIssue } from "./walk";
export { commitInfo } from "./git";
export { scanDirectory, ScanInputError, type FamilyScan, type ScanOptions, type ScanResult, type ScanStats } from "./scan";
export type { ChosenPlan, PlanOrigin } from "../sources/plan";
export type { ExtractOptions, ExtractedMember, FileExtraction } from "./types";
