import { resolveTarget, validUrl, type ServerTarget } from "@/cli/client/http";
import { UsageError } from "./errors";

/** The `--post [URL] --url URL --project SLUG --token T --replace` flags that `scan` and `backfill` share. */
export const POST_OPTIONS = {
  post: { type: "string" },
  url: { type: "string" },
  project: { type: "string" },
  token: { type: "string" },
  replace: { type: "boolean", default: false },
} as const;

export const POST_HELP = `Posting
  --post [URL]             post to the server (URL, --url or CONVERGE_URL)
  --url URL                the server, the same as --post URL
  --project SLUG           project to post to (or CONVERGE_PROJECT)
  --token TOKEN            the project's ingest token (or CONVERGE_TOKEN)
  --replace                replace the stored scan of a commit the server already has (?replace=1)
`;

export interface PostFlags {
  post?: string | undefined;
  url?: string | undefined;
  project?: string | undefined;
  token?: string | undefined;
  replace?: boolean | undefined;
}

export interface PostTarget extends ServerTarget {
  replace: boolean;
}

/** The ingest target from the flags (else CONVERGE_URL/PROJECT/TOKEN), or null without `--post`. */
export function postTargetFromFlags(values: PostFlags, env: NodeJS.ProcessEnv): PostTarget | null {
  if (values.post === undefined) {
    // Posting flags without --post would be silently ignored: a typo worth stopping on.
    const stray = (["url", "token", "replace"] as const).filter((flag) => values[flag] !== undefined && values[flag] !== false);
    if (stray.length > 0) throw new UsageError(`${stray.map((flag) => `--${flag}`).join(" and ")} only apply with --post`);
    return null;
  }
  if (values.post && values.url && values.post !== values.url)
    throw new UsageError(`--post ${values.post} and --url ${values.url} name two servers`);
  const resolved = resolveTarget({ url: values.post || values.url || undefined, project: values.project, token: values.token }, env);
  if (!resolved.target) throw new UsageError(`--post needs ${resolved.missing.join(" and ")}`);
  if (!validUrl(resolved.target.url)) throw new UsageError(`not an http(s) URL: ${resolved.target.url}`);
  if (!resolved.target.token) throw new UsageError("--post needs --token (or CONVERGE_TOKEN)");
  return { ...resolved.target, replace: values.replace === true };
}
