import type { RepositoryTarget, ScanDestination } from "@/cli/client/batch";
import { resolveTarget, validUrl, type ServerTarget } from "@/cli/client/http";
import { UsageError } from "./errors";

/** The `--post [URL] --url URL --project SLUG --repository SLUG --token T --replace` flags that `scan` and `backfill` share. */
export const POST_OPTIONS = {
  post: { type: "string" },
  url: { type: "string" },
  project: { type: "string" },
  repository: { type: "string" },
  token: { type: "string" },
  replace: { type: "boolean", default: false },
} as const;

export const POST_HELP = `Posting
  --post [URL]             post to the server (URL, --url or CONVERGE_URL)
  --url URL                the server, the same as --post URL
  --project SLUG           project to post to, for a single-family config (or CONVERGE_PROJECT)
  --repository SLUG        repository to post to, for a config with families (or CONVERGE_REPOSITORY)
  --token TOKEN            the project's or repository's ingest token (or CONVERGE_TOKEN)
  --replace                replace the stored scan of a commit the server already has (?replace=1)
`;

export interface PostFlags {
  post?: string | undefined;
  url?: string | undefined;
  project?: string | undefined;
  repository?: string | undefined;
  token?: string | undefined;
  replace?: boolean | undefined;
}

export interface PostTarget extends ServerTarget {
  replace: boolean;
}

/** Posting flags without --post would be silently ignored: a typo worth stopping on. */
function refuseStrayFlags(values: PostFlags): void {
  const stray = (["url", "token", "replace"] as const).filter((flag) => values[flag] !== undefined && values[flag] !== false);
  if (stray.length > 0) throw new UsageError(`${stray.map((flag) => `--${flag}`).join(" and ")} only apply with --post`);
}

/** The server URL from `--post URL`, `--url` or CONVERGE_URL. */
function serverFrom(values: PostFlags): string | undefined {
  if (values.post && values.url && values.post !== values.url)
    throw new UsageError(`--post ${values.post} and --url ${values.url} name two servers`);
  return values.post || values.url || undefined;
}

/** The ingest target from the flags (else CONVERGE_URL/PROJECT/TOKEN), or null without `--post`. */
export function postTargetFromFlags(values: PostFlags, env: NodeJS.ProcessEnv): PostTarget | null {
  if (values.post === undefined) {
    refuseStrayFlags(values);
    return null;
  }
  const resolved = resolveTarget({ url: serverFrom(values), project: values.project, token: values.token }, env);
  if (!resolved.target) throw new UsageError(`--post needs ${resolved.missing.join(" and ")}`);
  if (!validUrl(resolved.target.url)) throw new UsageError(`not an http(s) URL: ${resolved.target.url}`);
  if (!resolved.target.token) throw new UsageError("--post needs --token (or CONVERGE_TOKEN)");
  return { ...resolved.target, replace: values.replace === true };
}

/**
 * The server, project and ingest token of a command that writes once (`annotate`, `scans delete`):
 * flags first, then CONVERGE_URL / CONVERGE_PROJECT / CONVERGE_TOKEN; a missing one is a usage error
 * naming the command and the flag (`urlFlag`: that command's name for the server flag).
 */
export function writeTargetFromFlags(
  values: { url?: string | undefined; project?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv,
  command: string,
  urlFlag = "--url",
): ServerTarget {
  const resolved = resolveTarget({ url: values.url, project: values.project, token: values.token }, env);
  if (!resolved.target)
    throw new UsageError(`${command} needs ${resolved.missing.map((flag) => flag.replace("--url", urlFlag)).join(" and ")}`);
  if (!validUrl(resolved.target.url)) throw new UsageError(`not an http(s) URL: ${resolved.target.url}`);
  if (!resolved.target.token) throw new UsageError(`${command} needs --token (or CONVERGE_TOKEN)`);
  return resolved.target;
}

export type PostDestination = ScanDestination & { replace: boolean };

/**
 * Where `--post` sends scans, by the config's form: a single-family config posts to a project
 * (`--project`), a config with families to a repository (`--repository`); the other flag is a usage
 * error naming the right one. Null without `--post`.
 */
export function postDestinationFromFlags(values: PostFlags, env: NodeJS.ProcessEnv, families: boolean): PostDestination | null {
  if (values.post === undefined) {
    refuseStrayFlags(values);
    return null;
  }
  if (!families) {
    if (values.repository !== undefined)
      throw new UsageError("--repository is for a config with families; a single-family config posts to a project: use --project");
    const target = postTargetFromFlags(values, env) as PostTarget;
    return { kind: "project", target, replace: target.replace };
  }
  if (values.project !== undefined)
    throw new UsageError("--project is for a single-family config; a config with families posts to a repository: use --repository");
  const url = serverFrom(values) ?? env.CONVERGE_URL;
  const repository = values.repository ?? env.CONVERGE_REPOSITORY;
  const missing = [...(url ? [] : ["--url (or CONVERGE_URL)"]), ...(repository ? [] : ["--repository (or CONVERGE_REPOSITORY)"])];
  if (!url || !repository) throw new UsageError(`--post needs ${missing.join(" and ")}`);
  if (!validUrl(url)) throw new UsageError(`not an http(s) URL: ${url}`);
  const token = values.token ?? env.CONVERGE_TOKEN;
  if (!token) throw new UsageError("--post needs --token (or CONVERGE_TOKEN): the repository's ingest token");
  const target: RepositoryTarget = { url, repository, token, readToken: env.CONVERGE_READ_TOKEN?.trim() || null };
  return { kind: "repository", target, replace: values.replace === true };
}
