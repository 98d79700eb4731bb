/** History scans: git plumbing, commit sampling, the blob cache and the backfill itself. */
export {
  familySlugs,
  HistoryInputError,
  planBackfill,
  runBackfill,
  type BackfillEvent,
  type BackfillOptions,
  type BackfillPlan,
  type BackfillProgress,
  type BackfillStats,
  type RunOptions,
} from "./backfill";
export { BlobCache, defaultCacheDir } from "./cache";
export { GitError, type CommitEntry } from "./git";
export { bucketOf, EVERY, parseDateFlag, sampleCommits, type Every } from "./sample";
