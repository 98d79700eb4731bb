import { resolveTarget, validUrl, type ServerTarget } from "../lib/client/http";
import { UsageError } from "./errors";

/** The `--post [URL] --project SLUG --token T` flags that `scan` and `backfill` share. */
export const POST_OPTIONS = {
  post: { type: "string" },
  project: { type: "string" },
  token: { type: "string" },
} as const;

/** The ingest target from the flags (else CONVERGE_URL/PROJECT/TOKEN), or null without `--post`. */
export function postTargetFromFlags(
  values: { post?: string | undefined; project?: string | undefined; token?: string | undefined },
  env: NodeJS.ProcessEnv,
): ServerTarget | null {
  if (values.post === undefined) return null;
  const resolved = resolveTarget({ url: values.post || undefined, project: values.project, token: values.token }, env);
  if (!resolved.target) throw new UsageError(`--post needs ${resolved.missing.join(" and ")}`);
  if (!validUrl(resolved.target.url)) throw new UsageError(`not an http(s) URL: ${resolved.target.url}`);
  if (!resolved.target.token) throw new UsageError("--post needs --token (or CONVERGE_TOKEN)");
  return resolved.target;
}
