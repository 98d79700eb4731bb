import { generateShareKey, generateToken, hashToken } from "@/lib/auth/tokens";
import {
  createProject,
  deleteProject,
  ensureProjectShareKey,
  revokeProjectToken,
  rotateProjectShareKey,
  rotateProjectToken,
} from "@/lib/ingest";
import { getProject, getProjects } from "@/lib/queries";
import type { Command } from "../errors";
import { adminCommand, type AdminTarget } from "./admin";

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

export const PROJECT_ADMIN: AdminTarget = {
  command: "project",
  noun: "project",
  help: HELP,
  deletes: "every scan",
  empty: "No projects yet. Create one with: converge project create <slug> --name NAME",
  async create(db, input) {
    if (await getProject(db, input.slug)) return null;
    const token = generateToken();
    const shareKey = generateShareKey();
    const record = await createProject(db, { ...input, tokenHash: hashToken(token), shareKey });
    return { record, token, shareKey };
  },
  async rotateToken(db, slug) {
    const token = generateToken();
    const result = await rotateProjectToken(db, slug, hashToken(token));
    return result.ok ? { ok: true, value: token } : result;
  },
  revokeToken: revokeProjectToken,
  shareKey: (db, slug, rotate) => (rotate ? rotateProjectShareKey : ensureProjectShareKey)(db, slug),
  async delete(db, slug) {
    const result = await deleteProject(db, slug);
    if (!result.ok) return result;
    const deleted = result.value;
    return {
      ok: true,
      value: {
        json: { ...deleted },
        text: `Deleted project ${deleted.slug}: ${deleted.scans} scans and ${deleted.engines} members with their history.`,
      },
    };
  },
  async list(db) {
    const projects = await getProjects(db);
    const lines = projects.map((project) => {
      const latest = project.latestScan;
      const status = latest ? `${latest.totals.counted}/${latest.target} at ${latest.commit.sha.slice(0, 7)}` : "no scans";
      return `${project.slug.padEnd(24)} ${project.name.padEnd(40)} ${status}`;
    });
    return { json: { projects }, lines };
  },
};

export const runProject: Command = adminCommand(PROJECT_ADMIN);
