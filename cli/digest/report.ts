/**
 * The weekly report a digest delivers, read from the server like `converge report` does: the JSON
 * (validated with the contract's WeeklyReportSchema) and the markdown, both pinned to the same two
 * scans so a scan arriving in between cannot make them disagree.
 */
import { fetchReport, ServerError, type RetryPolicy, type ServerTarget } from "@/cli/client/http";
import { WeeklyReportSchema, type WeeklyReport } from "@/lib/contract/responses";

/** The weekly report as the server answers it (GET …/report, the contract's WeeklyReportSchema). */
export type DigestReport = WeeklyReport;

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
  const parsed = WeeklyReportSchema.safeParse(json);
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
