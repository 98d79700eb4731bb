import { execFileSync } from "node:child_process";
import type { CommitInfo } from "./inventory";

function git(dir: string, args: string[]): string | null {
  try {
    return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** The commit a working tree is at; outside a git work tree (or before the first commit) sha is null and date is now. */
export function commitInfo(dir: string, now: Date = new Date()): CommitInfo {
  const fallback: CommitInfo = { sha: null, date: now.toISOString(), branch: null, message: null };
  if (git(dir, ["rev-parse", "--is-inside-work-tree"]) !== "true") return fallback;
  const sha = git(dir, ["rev-parse", "HEAD"]);
  if (!sha || !/^[0-9a-f]{7,64}$/.test(sha)) return fallback;
  const log = git(dir, ["log", "-1", "--format=%cI%n%s", "HEAD"]);
  const [date, ...subject] = (log ?? "").split("\n");
  const branch = git(dir, ["rev-parse", "--abbrev-ref", "HEAD"]);
  return {
    sha,
    date: date && !Number.isNaN(Date.parse(date)) ? date : now.toISOString(),
    branch: branch && branch !== "HEAD" ? branch : null,
    message: subject.join("\n").slice(0, 4096) || null,
  };
}
