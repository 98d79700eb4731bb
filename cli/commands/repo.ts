import {
  createRepository,
  deleteRepository,
  ensureRepositoryShareKey,
  listRepositories,
  revokeRepositoryToken,
  rotateRepositoryShareKey,
  rotateRepositoryToken,
} from "@/lib/ingest";
import type { Command } from "../errors";
import { adminCommand, type AdminTarget } from "./admin";

const HELP = `converge repo: manage repositories whose families are tracked together (writes to DATABASE_URL)

Usage
  converge repo create <slug> --name NAME [--repo-url URL] [--json]
  converge repo rotate-token <slug> [--json]
  converge repo revoke-token <slug> [--json]
  converge repo share-key <slug> [--rotate] [--json]
  converge repo list [--json]
  converge repo delete <slug> [--yes] [--json]

Options
  --name NAME        display name, e.g. "Acme backend"
  --repo-url URL     repository URL (https://github.com/org/repo) or a link template
                     with {commit}, {file} and {line}; every family's project inherits it
  --rotate           share-key: replace the key (old badge and OG links stop working)
  --yes              delete: do not ask for the slug again (required when not on a terminal)
  --json             print machine-readable JSON
  -h, --help         show this help

A repository holds the families of a config with "families": each family is a project
<repo>--<family>, created the first time a scan of it is posted (converge scan/backfill
--post --repository SLUG). The repository's ingest token (printed once; only its hash is
stored) opens the repository and every write route of its families. delete removes the
repository with every family project and their scans, in one transaction.

Examples
  converge repo create acme --name "Acme backend" --repo-url https://github.com/acme/backend
  converge repo list
  converge repo delete acme --yes
`;

export const REPOSITORY_ADMIN: AdminTarget = {
  command: "repo",
  noun: "repository",
  help: HELP,
  deletes: "every family project and scan",
  empty: "No repositories yet. Create one with: converge repo create <slug> --name NAME",
  async create(db, input) {
    const created = await createRepository(db, input);
    return created && { record: created.repository, token: created.token, shareKey: created.shareKey };
  },
  async rotateToken(db, slug) {
    const result = await rotateRepositoryToken(db, slug);
    return result.ok ? { ok: true, value: result.value.token } : result;
  },
  revokeToken: revokeRepositoryToken,
  shareKey: (db, slug, rotate) => (rotate ? rotateRepositoryShareKey : ensureRepositoryShareKey)(db, slug),
  async delete(db, slug) {
    const result = await deleteRepository(db, slug);
    if (!result.ok) return result;
    const deleted = result.value;
    const families = deleted.projects.length;
    return {
      ok: true,
      value: {
        json: { ...deleted },
        text: `Deleted repository ${deleted.slug}: ${families} family project${families === 1 ? "" : "s"}, ${deleted.scans} scans and ${deleted.engines} members with their history.`,
      },
    };
  },
  async list(db) {
    const repositories = await listRepositories(db);
    const lines = repositories.map((repository) => {
      const families = repository.families.map((family) => `${family.family} (${family.scanCount})`).join(", ");
      return `${repository.slug.padEnd(24)} ${repository.name.padEnd(32)} ${families || "no families yet"}`;
    });
    return { json: { repositories }, lines };
  },
};

export const runRepo: Command = adminCommand(REPOSITORY_ADMIN);
