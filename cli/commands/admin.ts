import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { createDb, type Db } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { databaseUrl } from "@/lib/db/url";
import type { ProjectWrite } from "@/lib/ingest";
import { NewProjectSchema, SlugSchema } from "@/lib/projects/validation";
import { EXIT, UsageError, type Command, type CommandIo } from "../errors";

/**
 * The admin commands shared by `converge project` and `converge repo`: the same actions, flags,
 * messages and exit codes over what each writes to. Each action opens DATABASE_URL (migrated first).
 */
export interface AdminTarget {
  /** The command's name (`project`, `repo`) and the noun in messages (`project`, `repository`). */
  command: string;
  noun: string;
  help: string;
  /** Null when the slug is taken. */
  create(db: Db, input: { slug: string; name: string; repoUrl: string | null }): Promise<Created | null>;
  rotateToken(db: Db, slug: string): Promise<ProjectWrite<string>>;
  revokeToken(db: Db, slug: string): Promise<ProjectWrite<unknown>>;
  shareKey(db: Db, slug: string, rotate: boolean): Promise<ProjectWrite<string>>;
  /** What the deletion removed: its JSON and its one-line summary. */
  delete(db: Db, slug: string): Promise<ProjectWrite<{ json: Record<string, unknown>; text: string }>>;
  /** What deleting takes with it, for the confirmation prompt ("every scan"). */
  deletes: string;
  list(db: Db): Promise<{ json: Record<string, unknown>; lines: string[] }>;
  /** The line printed when the list is empty. */
  empty: string;
}

export interface Created {
  record: Record<string, unknown> & { slug: string; name: string };
  token: string;
  shareKey: string;
}

export function zodMessage(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "value"}: ${issue.message}`).join("; ");
}

async function openDb(env: NodeJS.ProcessEnv): Promise<Db> {
  const url = databaseUrl(env);
  await applyMigrations(url);
  return createDb(url);
}

async function withDb<T>(io: CommandIo, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(io.env);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** On a terminal, the slug typed again; elsewhere nothing can be asked, so --yes is required. */
async function confirmDeletion(target: AdminTarget, slug: string, io: CommandIo): Promise<void> {
  if (!io.interactive || !process.stdin.isTTY) {
    throw new UsageError(`${target.command} delete: add --yes to delete "${slug}" and all its scans (nothing was deleted)`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`This deletes ${target.noun} "${slug}" with ${target.deletes}. Type the slug to confirm: `);
    if (answer.trim() !== slug) throw new UsageError(`"${answer.trim()}" is not "${slug}": nothing was deleted`);
  } finally {
    prompt.close();
  }
}

/** `converge <command> <action> <slug> [flags]` for one admin target. */
export function adminCommand(target: AdminTarget): Command {
  return async (argv, io) => {
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
      io.stdout(target.help);
      return EXIT.ok;
    }
    const print = (json: Record<string, unknown>, text: string) => io.stdout(values.json ? `${JSON.stringify(json)}\n` : text);
    /** The value of a write, or the usage error for an unknown slug. */
    const written = <T>(result: ProjectWrite<T>, slug: string): T => {
      if (!result.ok) throw new UsageError(`no ${target.noun} "${slug}"`);
      return result.value;
    };
    const slugOf = (): string => {
      const slug = SlugSchema.safeParse(slugArg);
      if (!slug.success) throw new UsageError(`${target.command} ${action}: ${zodMessage(slug.error)}`);
      return slug.data;
    };

    if (action === "create") {
      const parsed = NewProjectSchema.safeParse({ slug: slugArg, name: values.name, repoUrl: values["repo-url"] ?? null });
      if (!parsed.success) throw new UsageError(`${target.command} create: ${zodMessage(parsed.error)}`);
      return withDb(io, async (db) => {
        const created = await target.create(db, parsed.data);
        if (!created) throw new UsageError(`${target.noun} "${parsed.data.slug}" already exists`);
        const { record, token, shareKey } = created;
        print(
          { ...record, token, shareKey },
          `Created ${target.noun} ${record.slug} (${record.name}).\n` +
            `Ingest token (shown once; store it as CONVERGE_TOKEN):\n${token}\n` +
            `Share key for badge and OG image links (?key=; see converge ${target.command} share-key):\n${shareKey}\n`,
        );
        return EXIT.ok;
      });
    }
    if (action === "rotate-token") {
      const slug = slugOf();
      return withDb(io, async (db) => {
        const token = written(await target.rotateToken(db, slug), slug);
        print({ slug, token }, `New ingest token for ${slug} (the old one no longer works):\n${token}\n`);
        return EXIT.ok;
      });
    }
    if (action === "revoke-token") {
      const slug = slugOf();
      return withDb(io, async (db) => {
        written(await target.revokeToken(db, slug), slug);
        print({ slug, revoked: true }, `Revoked the ingest token of ${slug}: posts now get 401. Issue a new one with rotate-token.\n`);
        return EXIT.ok;
      });
    }
    if (action === "share-key") {
      const slug = slugOf();
      return withDb(io, async (db) => {
        // Records from before share keys get theirs here, explicitly: reading a key never writes.
        const shareKey = written(await target.shareKey(db, slug, values.rotate), slug);
        print(
          { slug, shareKey, rotated: values.rotate },
          `${values.rotate ? "New share key" : "Share key"} for ${slug} (append ?key=<share key> to badge and OG image URLs):\n${shareKey}\n`,
        );
        return EXIT.ok;
      });
    }
    if (action === "list") {
      return withDb(io, async (db) => {
        const { json, lines } = await target.list(db);
        if (values.json) io.stdout(`${JSON.stringify(json)}\n`);
        else io.stdout(lines.length === 0 ? `${target.empty}\n` : lines.map((line) => `${line}\n`).join(""));
        return EXIT.ok;
      });
    }
    if (action === "delete") {
      const slug = slugOf();
      if (!values.yes) await confirmDeletion(target, slug, io);
      return withDb(io, async (db) => {
        const deleted = written(await target.delete(db, slug), slug);
        print({ ...deleted.json, deleted: true }, `${deleted.text}\n`);
        return EXIT.ok;
      });
    }
    throw new UsageError(`unknown ${target.command} action "${action}" (create, rotate-token, revoke-token, share-key, list, delete)`);
  };
}
