import { z } from "zod";

export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a slug is 1-63 lowercase letters, digits and dashes, starting with a letter or digit");

/**
 * A repository link template with {commit}, {file} and {line}. A plain GitHub/GitLab/Gitea
 * repository URL is turned into the usual blob template.
 */
export const RepoUrlSchema = z
  .url({ protocol: /^https?$/ })
  .max(1024)
  .transform((url) => {
    if (url.includes("{file}")) return url;
    const base = url.replace(/\/+$/, "").replace(/\.git$/, "");
    if (/gitlab/i.test(base)) return `${base}/-/blob/{commit}/{file}#L{line}`;
    return `${base}/blob/{commit}/{file}#L{line}`;
  });

export const NewProjectSchema = z.strictObject({
  slug: SlugSchema,
  name: z.string().trim().min(1).max(200),
  repoUrl: RepoUrlSchema.nullable(),
});
