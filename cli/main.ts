import { parseArgs } from "node:util";
import { EXIT, UsageError, type Command, type CommandIo } from "./errors";

const HELP = `converge: track a class-family consolidation

Usage
  converge <command> [options]

Commands
  project create <slug>    create a project and print its ingest token once
  project list             list projects
  project rotate-token <slug>   replace a project's ingest token
  project revoke-token <slug>   remove it (posts get 401 until rotate-token)
  project share-key <slug>      print (or --rotate) the key for badges on a private instance
  project delete <slug>         delete a project and all its scans (asks, or --yes)
  repo create|list|rotate-token|revoke-token|share-key|delete <slug>
                           the same for a repository (its families' projects; see repo --help)
  scans delete --project SLUG   delete stored scans on the server (--all, or --since and --until)
  scan [DIR]               find, classify and check the family in a working tree
                           (--config FILE, --post [URL] --project P --token T [--replace])
  backfill [REPO]          scan the history, one commit per day/week/month, and post it
                           (--config FILE on disk: the plan for every commit; else each commit's
                           own config and the tip's for older commits; --post … [--replace])
  check [DIR]              fail when the family grew against a baseline (CI gate)
  explain [DIR]            what every text hit of the pattern is: grep reconciled with the count
                           (--name NAME, --format table|json|markdown)
  report --project SLUG    print a project's weekly report from the server
  annotate --project SLUG --date D --text T [--url U]   put a note on the timeline (annotate delete ID)
  digest --project SLUG    deliver the weekly report to the tracking issue, Slack or a webhook
                           (--to github-issue|slack|webhook, --dry-run)

Options
  -h, --help               show help (also: converge <command> --help)
  -v, --version            print the version

Exit codes
  0  ok    1  a check failed    2  bad input or crash

Examples
  converge project create demo --name "Execution engine consolidation" --repo-url https://github.com/org/repo
  converge scan . --format table
  converge backfill . --since 1y --every week --post
  converge backfill /srv/mirror.git --since 1y --config /tmp/backends.json --post --replace
  converge check . --baseline converge-baseline.json
`;

const COMMANDS: Record<string, () => Promise<Command>> = {
  project: async () => (await import("./commands/project")).runProject,
  repo: async () => (await import("./commands/repo")).runRepo,
  scans: async () => (await import("./commands/scans")).runScans,
  scan: async () => (await import("./commands/scan")).runScan,
  backfill: async () => (await import("./commands/backfill")).runBackfillCli,
  check: async () => (await import("./commands/check")).runCheck,
  explain: async () => (await import("./commands/explain")).runExplain,
  report: async () => (await import("./commands/report")).runReport,
  annotate: async () => (await import("./commands/annotate")).runAnnotate,
  digest: async () => (await import("./commands/digest")).runDigest,
};

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (name === "-v" || name === "--version") {
    const { SCANNER_VERSION } = await import("@/lib/version");
    io.stdout(`${SCANNER_VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  try {
    if (!load) throw new UsageError(`unknown command "${name}" (run converge --help)`);
    return await (await load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`ERROR: ${(error as Error).message}\n`);
      return EXIT.badInput;
    }
    io.stderr(`ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.badInput;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

export { parseArgs };

/** Runs a CLI entry on this process: its arguments, streams and environment; the exit code it returns. */
export function runOnProcess(entry: (argv: string[], io: CommandIo) => Promise<number>): void {
  const io: CommandIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
  entry(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ERROR: ${String(error)}\n`);
      process.exitCode = EXIT.badInput;
    },
  );
}

const isEntry = process.argv[1] !== undefined && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) runOnProcess(main);
