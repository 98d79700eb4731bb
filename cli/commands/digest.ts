import { parseArgs } from "node:util";
import { resolveTarget, ServerError, validUrl, type RetryPolicy, type ServerTarget } from "@/cli/client/http";
import { ConfigError, discoverConfig, loadExplicitConfig } from "@/lib/scanner/config";
import { defaultGithubApi, deliverToIssue, parseIssueUrl } from "../digest/github";
import { isoWeek } from "../digest/marker";
import { loadReport, type DigestReport } from "../digest/report";
import { buildSlackMessage } from "../digest/slack";
import { createTransport, displayUrl, redaction, type Redaction } from "../digest/transport";
import { webhookPayload, webhookRequest } from "../digest/webhook";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";

export const DIGEST_HELP = `converge digest: deliver a project's weekly report to its tracking issue, Slack or a webhook

Usage
  converge digest --project SLUG --to github-issue [--issue URL] [options]
  converge digest --project SLUG --to slack --webhook URL [options]
  converge digest --project SLUG --to webhook --webhook URL [--secret S] [options]

Report
  --project SLUG           project (or CONVERGE_PROJECT)
  --url URL                the Converge server (or CONVERGE_URL); reads send CONVERGE_READ_TOKEN if set
  --at DATE|SHA            the report's scan (default: the newest) and the week it is filed under
  --since DATE|SHA         compare against this scan (default: a week before --at)

Destination
  --to github-issue        a comment on the tracking issue, edited (not repeated) within an ISO week;
                           the token comes from GITHUB_TOKEN
    --issue URL            https://github.com/OWNER/REPO/issues/N (default: "issue" in the config)
    --config FILE          the config holding "issue" (default: the one found in the current folder)
    --github-api URL       GitHub's REST API (default https://api.github.com; https://HOST/api/v3
                           for an Enterprise issue URL)
  --to slack               a Slack incoming-webhook message
    --webhook URL          the incoming webhook (or CONVERGE_WEBHOOK_URL)
  --to webhook             the report as JSON, POSTed
    --webhook URL          the receiver (or CONVERGE_WEBHOOK_URL)
    --secret S             sign the body: X-Converge-Signature: sha256=<HMAC> (or CONVERGE_WEBHOOK_SECRET)

Output
  --dry-run                print what would be sent (method, URL, headers with credentials masked,
                           body); reads still happen, nothing is written

The week is the ISO week (UTC) of --at when it is a date or an instant, of the scan's commit
when it is a SHA, and of today otherwise. Network errors and 5xx are retried (1, 2, 4 s), a 429
waits out its Retry-After; any other 4xx exits 2 with the receiver's message. Tokens, webhook
URLs and secrets never appear in the output.

Exit codes
  0  delivered (or printed, with --dry-run)    2  bad input, or a server refused (message printed)

Examples
  GITHUB_TOKEN=… converge digest --project engines --to github-issue --issue https://github.com/org/repo/issues/686
  converge digest --project engines --to slack --webhook "$SLACK_WEBHOOK_URL"
  converge digest --project engines --to webhook --webhook https://hooks.example.com/converge --secret "$SECRET" --dry-run
`;

const DESTINATIONS = ["github-issue", "slack", "webhook"] as const;
type Destination = (typeof DESTINATIONS)[number];

const OPTIONS = {
  project: { type: "string" },
  url: { type: "string" },
  at: { type: "string" },
  since: { type: "string" },
  to: { type: "string" },
  issue: { type: "string" },
  config: { type: "string" },
  "github-api": { type: "string" },
  webhook: { type: "string" },
  secret: { type: "string" },
  "dry-run": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function parseFlags(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: false, strict: true, options: OPTIONS }).values;
}
type Flags = ReturnType<typeof parseFlags>;

export interface DigestDeps {
  retry?: RetryPolicy;
}

export function createDigestCommand(deps: DigestDeps = {}): Command {
  return async (argv, io) => {
    // Everything printed passes through the redaction, errors included: no token, secret or Slack URL leaks.
    const secrets = redaction([io.env.GITHUB_TOKEN, io.env.CONVERGE_READ_TOKEN, io.env.CONVERGE_WEBHOOK_SECRET, ...secretFlags(argv)]);
    const safe: CommandIo = { ...io, stdout: (text) => io.stdout(secrets.apply(text)), stderr: (text) => io.stderr(secrets.apply(text)) };
    try {
      return await digest(argv, safe, deps, secrets);
    } catch (error) {
      const known = error instanceof UsageError || error instanceof ServerError || error instanceof ConfigError || isParseArgsError(error);
      safe.stderr(`ERROR: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return EXIT.badInput;
    }
  };
}

/** The values of --secret as typed (`--secret S` or `--secret=S`), masked before parsing can fail. */
function secretFlags(argv: readonly string[]): string[] {
  return argv.flatMap((arg, index) =>
    arg === "--secret" ? [argv[index + 1] ?? ""] : arg.startsWith("--secret=") ? [arg.slice("--secret=".length)] : [],
  );
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

async function digest(argv: string[], io: CommandIo, deps: DigestDeps, secrets: Redaction): Promise<number> {
  const values = parseFlags(argv);
  if (values.help) {
    io.stdout(DIGEST_HELP);
    return EXIT.ok;
  }
  const to = destination(values.to);
  const server = serverTarget(values, io.env);
  const plan = deliveryPlan(to, values, io);
  // A Slack incoming webhook's URL is its credential (a receiver's URL is shown: its secret is --secret).
  if (plan.kind === "slack") {
    secrets.add(plan.webhook);
    secrets.add(new URL(plan.webhook).pathname);
  }
  const now = clock(io.env);
  const loaded = await loadReport(server, { at: values.at, since: values.since }, deps.retry);
  const week = digestWeek(values.at, loaded.report, now);
  const dryRun = values["dry-run"];
  const print = (text: string) => io.stdout(text);

  if (plan.kind === "github-issue") {
    const transport = createTransport({ service: "GitHub", dryRun, print, retry: deps.retry });
    const result = await deliverToIssue(
      { ...plan, slug: loaded.report.project.slug, week, markdown: loaded.markdown, permalink: loaded.permalink },
      transport,
    );
    const where = `${plan.issue.owner}/${plan.issue.repo}#${plan.issue.number}`;
    io.stdout(
      dryRun
        ? `dry run: would ${result.action === "created" ? "create" : `edit (${result.url})`} the ${week} digest comment on ${where}\n`
        : `${result.action} the ${week} digest comment on ${where}: ${result.url ?? "(no link returned)"}\n`,
    );
    return EXIT.ok;
  }
  if (plan.kind === "slack") {
    const transport = createTransport({ service: "Slack", dryRun, print, retry: deps.retry });
    const message = buildSlackMessage(loaded.report, loaded.permalink, week);
    await transport.write({
      method: "POST",
      url: plan.webhook,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
      secretUrl: true,
    });
    io.stdout(dryRun ? "dry run: nothing was sent to Slack\n" : `posted the ${week} digest to Slack\n`);
    return EXIT.ok;
  }
  const transport = createTransport({ service: "the webhook", dryRun, print, retry: deps.retry });
  const response = await transport.write(webhookRequest(plan.webhook, webhookPayload(loaded, week), plan.secret));
  io.stdout(
    response
      ? `delivered the ${week} digest to ${displayUrl(plan.webhook)} (${response.status})\n`
      : `dry run: nothing was sent to ${displayUrl(plan.webhook)}\n`,
  );
  return EXIT.ok;
}

export const runDigest: Command = createDigestCommand();

function destination(to: string | undefined): Destination {
  if (to === undefined) throw new UsageError(`digest needs --to ${DESTINATIONS.join("|")}`);
  const found = DESTINATIONS.find((name) => name === to);
  if (!found) throw new UsageError(`--to must be ${DESTINATIONS.join(", ")} (got "${to}")`);
  return found;
}

function serverTarget(values: Flags, env: NodeJS.ProcessEnv): ServerTarget {
  const resolved = resolveTarget({ url: values.url, project: values.project }, env);
  if (!resolved.target) throw new UsageError(`digest needs ${resolved.missing.join(" and ")}`);
  if (!validUrl(resolved.target.url)) throw new UsageError(`--url: not an http(s) URL: ${resolved.target.url}`);
  return resolved.target;
}

type DeliveryPlan =
  | { kind: "github-issue"; issue: ReturnType<typeof parseIssueUrl>; api: string; token: string | null }
  | { kind: "slack"; webhook: string }
  | { kind: "webhook"; webhook: string; secret: string | null };

/** Flags that belong to another destination are refused: silently ignoring a typo'd `--to` helps no one. */
const FLAGS_OF: Record<Destination, ReadonlyArray<keyof Flags>> = {
  "github-issue": ["issue", "config", "github-api"],
  slack: ["webhook"],
  webhook: ["webhook", "secret"],
};

function deliveryPlan(to: Destination, values: Flags, io: CommandIo): DeliveryPlan {
  const stray = (["issue", "config", "github-api", "webhook", "secret"] as const).filter(
    (flag) => values[flag] !== undefined && !FLAGS_OF[to].includes(flag),
  );
  if (stray.length > 0)
    throw new UsageError(
      `${stray.map((flag) => `--${flag}`).join(" and ")} ${stray.length === 1 ? "does" : "do"} not apply with --to ${to}`,
    );
  if (to === "github-issue") return githubPlan(values, io);
  const webhook = values.webhook ?? io.env.CONVERGE_WEBHOOK_URL;
  if (!webhook) throw new UsageError(`--to ${to} needs --webhook URL (or CONVERGE_WEBHOOK_URL)`);
  // The URL itself may be the credential (Slack): name the flag, never echo it.
  if (!validUrl(webhook)) throw new UsageError("--webhook: not an http(s) URL");
  if (to === "slack") return { kind: "slack", webhook };
  const secret = values.secret ?? io.env.CONVERGE_WEBHOOK_SECRET ?? null;
  if (secret === "") throw new UsageError("--secret is empty");
  return { kind: "webhook", webhook, secret };
}

function githubPlan(values: Flags, io: CommandIo): DeliveryPlan {
  const fromConfig = values.issue === undefined ? configuredIssue(values.config, io.cwd) : null;
  const issueUrl = values.issue ?? fromConfig?.issue;
  if (!issueUrl) throw new UsageError('--to github-issue needs --issue URL (or "issue" in converge.config.json)');
  const issue = parseIssueUrl(issueUrl, values.issue === undefined ? (fromConfig?.source ?? "config") : "--issue");
  const api = values["github-api"] ?? defaultGithubApi(issue);
  if (!validUrl(api)) throw new UsageError(`--github-api: not an http(s) URL: ${api}`);
  const token = io.env.GITHUB_TOKEN?.trim() || null;
  if (!token && !values["dry-run"])
    throw new UsageError(`GITHUB_TOKEN is not set: --to github-issue needs a token that can comment on ${issue.owner}/${issue.repo}`);
  return { kind: "github-issue", issue, api, token };
}

function configuredIssue(explicit: string | undefined, cwd: string): { issue: string | null; source: string } | null {
  const portfolio = explicit !== undefined ? loadExplicitConfig(explicit, cwd) : discoverConfig(cwd, cwd);
  const only = portfolio?.families.length === 1 ? portfolio.families[0] : undefined;
  return portfolio && only ? { issue: only.issue, source: `${portfolio.source ?? "config"}: issue` } : null;
}

/** Now, or CONVERGE_DIGEST_NOW (an ISO instant): the clock a digest without --at files its week under. */
function clock(env: NodeJS.ProcessEnv): Date {
  const fixed = env.CONVERGE_DIGEST_NOW;
  if (fixed === undefined || fixed === "") return new Date();
  const time = Date.parse(fixed);
  if (Number.isNaN(time)) throw new UsageError(`CONVERGE_DIGEST_NOW is not a date: ${fixed}`);
  return new Date(time);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The ISO week a digest belongs to: --at's date or instant, else the --at scan's commit, else the clock. */
export function digestWeek(at: string | undefined, report: DigestReport, now: Date): string {
  if (at === undefined) return isoWeek(now);
  if (DATE_ONLY.test(at)) return isoWeek(new Date(`${at}T00:00:00Z`));
  if (at.includes("T") && !Number.isNaN(Date.parse(at))) return isoWeek(new Date(at));
  return isoWeek(new Date(report.at.commit.date));
}
