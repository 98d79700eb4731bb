import type { CheckResult, FileIssue, Member, Plan, Totals } from "@/lib/contract/inventory";

/** Read models shared by the server (queries, API) and the client (hooks, components). Types only. */

export interface CommitRef {
  sha: string;
  date: string;
  branch: string | null;
  message: string | null;
}

export interface ScanSummary {
  id: number;
  commit: CommitRef;
  scanner: { name: string; version: string };
  target: number;
  totals: Totals;
  checks: { passed: number; failed: number };
  files: { scanned: number; skipped: number; failed: number };
  complete: boolean;
  receivedAt: string;
}

export interface ScanDetail extends ScanSummary {
  plan: Plan;
  members: Member[];
  checkResults: CheckResult[];
  fileIssues: { skipped: FileIssue[]; failed: FileIssue[] };
}

export interface ProjectSummary {
  slug: string;
  name: string;
  repoUrl: string | null;
  createdAt: string;
  scanCount: number;
  latestScan: ScanSummary | null;
}

export interface TimelinePoint {
  sha: string;
  date: string;
  counted: number;
  target: number;
  members: number;
  byClassification: Totals["byClassification"];
  byPhase: Record<string, number>;
  complete: boolean;
  checksFailed: number;
}

export interface ProjectTimeline {
  project: { slug: string; name: string };
  points: TimelinePoint[];
}
