/**
 * The read models the queries return. They are the API's response shapes, so they are inferred from the
 * contract's response schemas (lib/contract/responses.ts): a query that returns something else, or a
 * schema that drifts from what the queries build, is a type error.
 */
export type {
  CheckStatus,
  CommitRef,
  EngineHistory,
  EnginePeriod,
  ProjectCard,
  ProjectSummary,
  ProjectView,
  ScanComparison,
  ScanDetail,
  ScanSummary,
  SeriesPoint,
  TimelinePoint,
  WeeklyReport,
} from "@/lib/contract/responses";
