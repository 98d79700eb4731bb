import { parseArgs } from "node:util";
import { EXPLAIN_SCHEMA_VERSION, ExplainOutputSchema, type Explain, type ExplainOutput } from "@/lib/contract/explain";
import { ConfigError } from "@/lib/scanner/config";
import { explainDirectory } from "@/lib/scanner/explain";
import { renderExplainJson, renderExplainMarkdown, renderExplainTable } from "@/lib/scanner/explain-render";
import { ScanInputError } from "@/lib/scanner/scan";
import { defaultsWarning } from "@/lib/sources/plan";
import { EXIT, UsageError, type Command } from "../errors";

export const EXPLAIN_HELP = `converge explain: what every text hit of the pattern is, reconciled with the count

Usage
  converge explain [DIR] [options]

Scope
  DIR                      folder to explain (default: the current folder)
  --config FILE            config file, relative to the current folder (default: the one in DIR)
  --name NAME              only the hits of this word

Output
  --format table|json|markdown
                           table for people (default); json: grep (lines, files, words), names,
                           definitions, byKind and every hit (file, line, kind, word, member);
                           a families config gives one object per family under "families"

Every hit is a definition, alias, import or reference of a member, a docstring, comment or string,
or unresolved (a matching word that is not a member). Files the config leaves out are counted per
reason, not listed.

Exit codes
  0  explained    2  bad input: missing folder, bad config, unknown flag, a --name the pattern does not match

Examples
  converge explain .
  converge explain . --name UserExecutionEngine
  converge explain . --format json > explain.json
`;

const FORMATS = ["table", "json", "markdown"] as const;
type Format = (typeof FORMATS)[number];

export const runExplain: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: "string" },
      name: { type: "string" },
      format: { type: "string", default: "table" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(EXPLAIN_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`explain takes one folder, got ${positionals.length}: ${positionals.join(" ")}`);
  const format = values.format as string;
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format must be table, json or markdown (got "${format}")`);
  const name = values.name?.trim();
  if (values.name !== undefined && !name) throw new UsageError("--name must not be empty");
  const dir = positionals[0] ?? ".";

  let result: Awaited<ReturnType<typeof explainDirectory>>;
  try {
    result = await explainDirectory(dir, { cwd: io.cwd, configPath: values.config, name: name ?? null });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ScanInputError) throw new UsageError(error.message);
    throw error;
  }
  // A name no family's pattern matches is a typo, not "0 hits".
  const explains = name ? result.explains.filter((e) => new RegExp(e.family.pattern).test(name)) : result.explains;
  if (name && explains.length === 0) {
    const patterns = result.explains.map((e) => `/${e.family.pattern}/`).join(", ");
    throw new UsageError(`--name "${name}" does not match the pattern ${patterns}`);
  }
  io.stdout(render(format as Format, explains, result.portfolio.multi));
  if (result.plan.kind === "defaults") io.stderr(defaultsWarning(dir));
  return EXIT.ok;
};

function render(format: Format, explains: Explain[], multi: boolean): string {
  if (format === "json") {
    const output: ExplainOutput = multi
      ? { schemaVersion: EXPLAIN_SCHEMA_VERSION, kind: "explain-portfolio", families: explains }
      : (explains[0] as Explain);
    return renderExplainJson(ExplainOutputSchema.parse(output));
  }
  const one = format === "table" ? renderExplainTable : renderExplainMarkdown;
  return explains.map(one).join("\n");
}
