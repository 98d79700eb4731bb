/**
 * The weekly report a digest delivers, read from the server like `converge report` does: the JSON
 * (validated here: only the fields the digest shows) and the markdown, both pinned to the same two
 * scans so a scan arriving in between cannot make them disagree.
 */
import { z } from "zod";
import { fetchReport, ServerError, type RetryPolicy, type ServerTarget } from "@/cli/client/http";
import { CLASSIFICATIONS, COUNT_UNITS } from "@/lib/contract/vocabulary";

const MemberRefSchema = z.object({
  name: z.string(),
  file: z.string(),
  line: z.number(),
  classification: z.enum(CLASSIFICATIONS),
});

const ReportScanSchema = z.object({
  commit: z.object({ sha: z.string(), date: z.string(), message: z.string().nullable() }),
  target: z.number(),
  countUnit: z.enum(COUNT_UNITS),
  totals: z.object({ counted: z.number(), names: z.number(), members: z.number() }),
});

/** Annotations ("PR #1042 merged: 6 adapters removed") once the server lists them; absent or unreadable: none. */
const AnnotationsSchema = z
  .array(z.object({ date: z.string().optional(), text: z.string() }))
  .optional()
  .catch(undefined);

export const DigestReportSchema = z.object({
  project: z.object({ slug: z.string(), name: z.string() }),
  at: ReportScanSchema,
  since: ReportScanSchema,
  view: z.object({
    plan: z.object({ target: z.number() }).nullable(),
    status: z.string(),
    stale: z.object({ label: z.string() }).nullable(),
    statusDetail: z.string().nullable(),
  }),
  diff: z.object({
    added: z.array(MemberRefSchema),
    removed: z.array(MemberRefSchema),
    reclassified: z.array(z.object({ member: MemberRefSchema })),
    moved: z.array(z.object({ to: MemberRefSchema })),
    signatureChanged: z.array(z.object({ member: MemberRefSchema })),
  }),
  permalink: z.string(),
  annotations: AnnotationsSchema,
});
export type DigestReport = z.infer<typeof DigestReportSchema>;

export interface LoadedReport {
  report: DigestReport;
  /** The server's JSON as received (a webhook forwards all of it). */
  json: unknown;
  /** GitHub-flavoured markdown, as `converge report` prints it. */
  markdown: string;
  /** The report's permalink on the server, absolute. */
  permalink: string;
}

export async function loadReport(
  target: ServerTarget,
  refs: { at?: string | undefined; since?: string | undefined },
  retry?: RetryPolicy,
): Promise<LoadedReport> {
  const text = await fetchReport(target, { ...refs, format: "json" }, retry);
  const json = parseJson(text);
  const parsed = DigestReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") || "(root)";
    throw new ServerError(`the server's report is not what this CLI reads: ${path}: ${issue?.message ?? "invalid"}`, null);
  }
  const report = parsed.data;
  const markdown = await fetchReport(target, { at: report.at.commit.sha, since: report.since.commit.sha, format: "md" }, retry);
  return { report, json, markdown, permalink: new URL(report.permalink, target.url).toString() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ServerError("the server's report is not JSON", null);
  }
}

/** The report's own target (the plan's, else the scan's), as the report page shows it. */
export function reportTarget(report: DigestReport): number {
  return report.view.plan?.target ?? report.at.target;
}
