/** The scanner's public API: pure extraction and inventory building, plus the directory convenience. */
export { createExtractor, extractOptionsKey, type Extractor } from "./extract";
export { buildInventory, type BuildInput, type CommitInfo } from "./inventory";
export { classify, nameWords, type Decision } from "./classify";
export { runChecks } from "./checks";
export {
  CONFIG_LOCATIONS,
  ConfigError,
  configHash,
  loadConfig,
  parseConfigText,
  parseConfigValue,
  resolveConfig,
  toExtractOptions,
  toPlan,
  type ResolvedConfig,
} from "./config";
export { compilePattern, requiredLiterals } from "./pattern";
export { languageOf } from "./parsers";
export { walkFiles, pathFilter, type WalkEntry, type WalkIssue } from "./walk";
export { commitInfo } from "./git";
export { scanDirectory, ScanInputError, type ScanOptions, type ScanResult, type ScanStats } from "./scan";
export type { ExtractOptions, ExtractedMember, FileExtraction } from "./types";
