import { parseArgs } from "node:util";
import type { z } from "zod";
import { writeOnce, type ServerTarget } from "@/cli/client/http";
import { apiPath } from "@/lib/links";
import {
  AnnotationCreatedResponseSchema,
  AnnotationDeletedResponseSchema,
  AnnotationInputSchema,
  type AnnotationInput,
} from "@/lib/contract/annotations";
import { EXIT, UsageError, type Command } from "../errors";
import { writeTargetFromFlags } from "../post-flags";

const HELP = `converge annotate: put a note on a project's timeline (shown on the chart, in compare and in the weekly report)

Usage
  converge annotate --project SLUG --date DATE --text TEXT [--url URL] [--server URL] [--token T] [--json]
  converge annotate delete ID --project SLUG [--server URL] [--token T] [--json]

Options
  --date DATE        the day (YYYY-MM-DD, midnight UTC) or an ISO instant with an offset
  --text TEXT        what happened (plain text; shown escaped everywhere)
  --url URL          a link for it (http or https only)
  --server URL       the server (or CONVERGE_URL)
  --project SLUG     the project (or CONVERGE_PROJECT)
  --token TOKEN      the project's ingest token (or CONVERGE_TOKEN)
  --json             print the server's answer as JSON
  -h, --help         show this help

Merged pull requests, plan changes, phase due dates and scans that added or removed several members
are annotated automatically from the scans; only notes can be deleted.

Examples
  converge annotate --project engines --date 2026-11-17 --text "Adapters frozen" --url https://github.com/org/repo/issues/686
  converge annotate delete 12 --project engines
`;

function target(
  values: { server?: string | undefined; project?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv,
): ServerTarget {
  return writeTargetFromFlags({ url: values.server, project: values.project, token: values.token }, env, "annotate", "--server");
}

/** The note as the server will check it: a bad date, empty text or a non-http(s) link stop here with exit 2. */
export function noteFromFlags(values: { date?: string | undefined; text?: string | undefined; url?: string | undefined }): AnnotationInput {
  if (values.date === undefined) throw new UsageError("annotate needs --date (YYYY-MM-DD)");
  if (values.text === undefined) throw new UsageError("annotate needs --text");
  const parsed = AnnotationInputSchema.safeParse({
    date: values.date,
    text: values.text,
    ...(values.url !== undefined ? { url: values.url } : {}),
  });
  if (!parsed.success) throw new UsageError(`annotate: ${[...new Set(parsed.error.issues.map((issue) => issue.message))].join("; ")}`);
  return parsed.data;
}

/** One request, not retried: a lost answer to a POST could otherwise store the note twice. */
function call<S extends z.ZodType>(
  server: ServerTarget,
  suffix: string,
  init: { method: "POST" | "DELETE"; body?: string },
  schema: S,
): Promise<z.output<S>> {
  return writeOnce(server, `${apiPath.project(server.project)}${suffix}`, init, schema, `${init.method} ${suffix}`);
}

export const runAnnotate: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      date: { type: "string" },
      text: { type: "string" },
      url: { type: "string" },
      server: { type: "string" },
      project: { type: "string" },
      token: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const [action, ...rest] = positionals;
  if (action === "delete") {
    const [id, ...extra] = rest;
    if (id === undefined || !/^[1-9]\d{0,9}$/.test(id)) throw new UsageError("annotate delete needs the note's id (a positive integer)");
    if (extra.length > 0) throw new UsageError(`annotate delete takes one id (got ${rest.join(" ")})`);
    const server = target(values, io.env);
    const answer = await call(server, `/annotations/${id}`, { method: "DELETE" }, AnnotationDeletedResponseSchema);
    io.stdout(values.json ? `${JSON.stringify(answer)}\n` : `Deleted note ${id} of ${server.project}.\n`);
    return EXIT.ok;
  }
  if (action !== undefined) throw new UsageError(`unknown annotate action "${action}" (delete, or no action to add a note)`);
  const note = noteFromFlags(values);
  const server = target(values, io.env);
  const answer = await call(server, "/annotations", { method: "POST", body: JSON.stringify(note) }, AnnotationCreatedResponseSchema);
  const stored = answer.annotation;
  if (stored.noteId === null) throw new UsageError("the server answered without the stored note");
  io.stdout(
    values.json ? `${JSON.stringify(answer)}\n` : `Added note ${stored.noteId} to ${server.project} on ${stored.date.slice(0, 10)}.\n`,
  );
  return EXIT.ok;
};
