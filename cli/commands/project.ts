import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { generateShareKey, generateToken, hashToken } from "@/lib/auth/tokens";
import { createDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { databaseUrl } from "@/lib/db/url";
import { NewProjectSchema, SlugSchema } from "@/lib/projects/validation";
import {
  createProject,
  deleteProject,
  ensureProjectShareKey,
  revokeProjectToken,
  rotateProjectShareKey,
  rotateProjectToken,
  type ProjectWrite,
} from "@/lib/ingest";
import { getProject, getProjects } from "@/lib/queries";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";

const HELP = `converge project: manage tracked projects (writes to DATABASE_URL)

Usage
  converge project create <slug> --name NAME [--repo-url URL] [--json]
  converge project rotate-token <slug> [--json]
  converge project revoke-token <slug> [--json]
  converge project share-key <slug> [--rotate] [--json]
  converge project list [--json]
  converge project delete <slug> [--yes] [--json]

Options
  --name NAME        display name, e.g. "Execution engine consolidation"
  --repo-url URL     repository URL (https://github.com/org/repo) or a link template
                     with {commit}, {file} and {line}
  --rotate           share-key: replace the key (old badge and OG links stop working)
  --yes              delete: do not ask for the slug again (required when not on a terminal)
  --json             print machine-readable JSON
  -h, --help         show this help

The ingest token is printed once; only its hash is stored. rotate-token replaces it,
revoke-token removes it (the project and its scans stay; rotate-token issues a new one).
The share key goes in badge and OG image URLs (?key=...) when reads are private
(CONVERGE_READ_TOKEN); it opens nothing else. delete removes the project with every scan,
member and check in one transaction; on a terminal it asks for the slug again.

Examples
  converge project create demo --name "Execution engine consolidation" --repo-url https://github.com/org/repo
  converge project revoke-token demo
  converge project delete demo --yes
  DATABASE_URL=postgres://user@host/converge converge project list
`;

function zodMessage(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "value"}: ${issue.message}`).join("; ");
}

/** The value of a project write, or the usage error for an unknown slug. */
function written<T>(result: ProjectWrite<T>, slug: string): T {
  if (!result.ok) throw new UsageError(`no project "${slug}"`);
  return result.value;
}

/** On a terminal, the slug typed again; elsewhere nothing can be asked, so --yes is required. */
async function confirmDeletion(slug: string, io: CommandIo): Promise<void> {
  if (!io.interactive || !process.stdin.isTTY) {
    throw new UsageError(`project delete: add --yes to delete "${slug}" and all its scans (nothing was deleted)`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`This deletes project "${slug}" with every scan. Type the slug to confirm: `);
    if (answer.trim() !== slug) throw new UsageError(`"${answer.trim()}" is not "${slug}": nothing was deleted`);
  } finally {
    prompt.close();
  }
}

async function deleteCommand(slugArg: string | undefined, values: { yes: boolean; json: boolean }, io: CommandIo): Promise<number> {
  const slug = SlugSchema.safeParse(slugArg);
  if (!slug.success) throw new UsageError(`project delete: ${zodMessage(slug.error)}`);
  if (!values.yes) await confirmDeletion(slug.data, io);
  const db = await openDb(io.env);
  try {
    const deleted = written(await deleteProject(db, slug.data), slug.data);
    if (values.json) io.stdout(`${JSON.stringify({ ...deleted, deleted: true })}\n`);
    else io.stdout(`Deleted project ${deleted.slug}: ${deleted.scans} scans and ${deleted.engines} members with their history.\n`);
    return EXIT.ok;
  } finally {
    await db.$disconnect();
  }
}

async function openDb(env: NodeJS.ProcessEnv) {
  const url = databaseUrl(env);
  await applyMigrations(url);
  return createDb(url);
}

export const runProject: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "repo-url": { type: "string" },
      rotate: { type: "boolean", default: false },
      yes: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [action, slugArg] = positionals;
  if (values.help || !action) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (action === "create") {
    const parsed = NewProjectSchema.safeParse({ slug: slugArg, name: values.name, repoUrl: values["repo-url"] ?? null });
    if (!parsed.success) throw new UsageError(`project create: ${zodMessage(parsed.error)}`);
    const db = await openDb(io.env);
    try {
      if (await getProject(db, parsed.data.slug)) throw new UsageError(`project "${parsed.data.slug}" already exists`);
      const token = generateToken();
      const shareKey = generateShareKey();
      const project = await createProject(db, { ...parsed.data, tokenHash: hashToken(token), shareKey });
      if (values.json) io.stdout(`${JSON.stringify({ ...project, token, shareKey })}\n`);
      else {
        io.stdout(`Created project ${project.slug} (${project.name}).\n`);
        io.stdout(`Ingest token (shown once; store it as CONVERGE_TOKEN):\n${token}\n`);
        io.stdout(`Share key for badge and OG image links (?key=; see converge project share-key):\n${shareKey}\n`);
      }
      return EXIT.ok;
    } finally {
      await db.$disconnect();
    }
  }
  if (action === "rotate-token") {
    const slug = SlugSchema.safeParse(slugArg);
    if (!slug.success) throw new UsageError(`project rotate-token: ${zodMessage(slug.error)}`);
    const db = await openDb(io.env);
    try {
      const token = generateToken();
      written(await rotateProjectToken(db, slug.data, hashToken(token)), slug.data);
      if (values.json) io.stdout(`${JSON.stringify({ slug: slug.data, token })}\n`);
      else io.stdout(`New ingest token for ${slug.data} (the old one no longer works):\n${token}\n`);
      return EXIT.ok;
    } finally {
      await db.$disconnect();
    }
  }
  if (action === "revoke-token") {
    const slug = SlugSchema.safeParse(slugArg);
    if (!slug.success) throw new UsageError(`project revoke-token: ${zodMessage(slug.error)}`);
    const db = await openDb(io.env);
    try {
      written(await revokeProjectToken(db, slug.data), slug.data);
      if (values.json) io.stdout(`${JSON.stringify({ slug: slug.data, revoked: true })}\n`);
      else io.stdout(`Revoked the ingest token of ${slug.data}: posts now get 401. Issue a new one with rotate-token.\n`);
      return EXIT.ok;
    } finally {
      await db.$disconnect();
    }
  }
  if (action === "share-key") {
    const slug = SlugSchema.safeParse(slugArg);
    if (!slug.success) throw new UsageError(`project share-key: ${zodMessage(slug.error)}`);
    const db = await openDb(io.env);
    try {
      // Projects from before share keys get theirs here, explicitly: reading a key never writes.
      const shareKey = written(await (values.rotate ? rotateProjectShareKey : ensureProjectShareKey)(db, slug.data), slug.data);
      if (values.json) io.stdout(`${JSON.stringify({ slug: slug.data, shareKey, rotated: values.rotate })}\n`);
      else
        io.stdout(
          `${values.rotate ? "New share key" : "Share key"} for ${slug.data} (append ?key=<share key> to badge and OG image URLs):\n${shareKey}\n`,
        );
      return EXIT.ok;
    } finally {
      await db.$disconnect();
    }
  }
  if (action === "list") {
    const db = await openDb(io.env);
    try {
      const projects = await getProjects(db);
      if (values.json) io.stdout(`${JSON.stringify({ projects })}\n`);
      else if (projects.length === 0) io.stdout("No projects yet. Create one with: converge project create <slug> --name NAME\n");
      else {
        for (const project of projects) {
          const latest = project.latestScan;
          const status = latest ? `${latest.totals.counted}/${latest.target} at ${latest.commit.sha.slice(0, 7)}` : "no scans";
          io.stdout(`${project.slug.padEnd(24)} ${project.name.padEnd(40)} ${status}\n`);
        }
      }
      return EXIT.ok;
    } finally {
      await db.$disconnect();
    }
  }
  if (action === "delete") return deleteCommand(slugArg, values, io);
  throw new UsageError(`unknown project action "${action}" (create, rotate-token, revoke-token, share-key, list, delete)`);
};
