/**
 * Git plumbing for history scans: nothing is ever checked out. Commits come from one `git log`,
 * trees from one `ls-tree` plus one `diff-tree --stdin` pass, and blob bytes from one long-lived
 * `git cat-file --batch`. Works on a work tree or a bare repository.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

export class GitError extends Error {
  override name = "GitError";
}

/** Runs git to completion; stdout as a Buffer. `input` is written to stdin. */
export function runGit(repo: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", repo, ...args], { stdio: ["pipe", "pipe", "pipe"], env: gitEnv() });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new GitError(`cannot run git: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(Buffer.concat(err).toString("utf8").trim() || `git ${args[0] ?? ""} exited with ${code}`));
    });
    child.stdin.on("error", () => undefined); // git may exit before reading all input; the close handler reports it
    child.stdin.end(input ?? "");
  });
}

/** A caller's GIT_DIR / GIT_WORK_TREE (e.g. inside a hook) must not redirect `-C repo`. */
function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"]) delete env[key];
  return env;
}

export interface CommitEntry {
  sha: string;
  tree: string;
  /** Committer date, epoch seconds (bucketing) and as written (the inventory's `commit.date`). */
  time: number;
  date: string;
  subject: string;
}

/** Resolves a ref to a commit SHA and, when it names a branch, the branch name. */
export async function resolveRef(repo: string, ref: string): Promise<{ sha: string; branch: string | null }> {
  let sha: string;
  try {
    sha = (await runGit(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).toString("utf8").trim();
  } catch {
    throw new GitError(`not a commit in ${repo}: ${ref}`);
  }
  if (!/^[0-9a-f]{40,64}$/.test(sha)) throw new GitError(`not a commit in ${repo}: ${ref}`);
  let full = "";
  try {
    full = (await runGit(repo, ["rev-parse", "--symbolic-full-name", ref])).toString("utf8").trim();
  } catch {
    full = "";
  }
  const branch = /^refs\/heads\/(.+)$/.exec(full)?.[1] ?? /^refs\/remotes\/[^/]+\/(.+)$/.exec(full)?.[1] ?? null;
  return { sha, branch };
}

/** Checks that `repo` is a git repository (work tree or bare). */
export async function assertRepository(repo: string): Promise<void> {
  try {
    await runGit(repo, ["rev-parse", "--git-dir"]);
  } catch {
    throw new GitError(`not a git repository: ${repo}`);
  }
}

/** Commits reachable from `sha`, newest first: the first-parent line, or every commit (`--all`). */
export async function listCommits(repo: string, sha: string, firstParent: boolean): Promise<CommitEntry[]> {
  const args = ["log", "--format=%H%x00%T%x00%ct%x00%cI%x00%s", "--no-color"];
  if (firstParent) args.push("--first-parent");
  else args.push("--date-order");
  args.push(sha, "--");
  const text = (await runGit(repo, args)).toString("utf8");
  const commits: CommitEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const [commit = "", tree = "", time = "", date = "", ...subject] = line.split("\0");
    commits.push({ sha: commit, tree, time: Number(time), date, subject: subject.join("\0") });
  }
  return commits;
}

export interface TreeEntry {
  mode: string;
  sha: string;
}

export interface TreeChange {
  path: string;
  /** null when the path was deleted. */
  entry: TreeEntry | null;
}

/** Every path in a commit's tree (recursive), with mode and blob SHA. */
export async function listTree(repo: string, sha: string): Promise<Map<string, TreeEntry>> {
  const out = (await runGit(repo, ["ls-tree", "-r", "-z", "--full-tree", sha])).toString("utf8");
  const tree = new Map<string, TreeEntry>();
  for (const record of out.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode = "", , blob = ""] = record.slice(0, tab).split(" ");
    tree.set(record.slice(tab + 1), { mode, sha: blob });
  }
  return tree;
}

/**
 * Changes between consecutive commits, for many pairs in one `git diff-tree --stdin` run.
 * `pairs` are [from, to]; the result maps each `to` to its changes (absent = no change).
 */
export async function diffPairs(repo: string, pairs: ReadonlyArray<readonly [string, string]>): Promise<Map<string, TreeChange[]>> {
  const result = new Map<string, TreeChange[]>();
  if (pairs.length === 0) return result;
  // "<commit> <parent>" diffs parent → commit; git prints "<commit>\0" before each non-empty diff.
  const input = pairs.map(([from, to]) => `${to} ${from}\n`).join("");
  const out = (await runGit(repo, ["diff-tree", "-r", "-z", "--no-renames", "--stdin"], input)).toString("utf8");
  const fields = out.split("\0");
  let current: TreeChange[] | null = null;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    if (!field) continue;
    if (field.startsWith(":")) {
      // ":<srcmode> <dstmode> <srcsha> <dstsha> <status>" then the path
      const [, dstMode = "", , dstSha = "", status = ""] = field.slice(1).split(" ");
      const path = fields[++i] ?? "";
      current?.push({ path, entry: status === "D" ? null : { mode: dstMode, sha: dstSha } });
    } else {
      current = [];
      result.set(field, current);
    }
  }
  return result;
}

interface Pending {
  sha: string;
  resolve: (bytes: Buffer | null) => void;
  reject: (error: Error) => void;
}

/** One long-lived `git cat-file --batch`: requests are pipelined and answered in order. */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body size of the object being read (header parsed), or -1 while waiting for a header. */
  private bodySize = -1;
  private failed: Error | null = null;
  private outgoing: string[] = [];
  bytesRead = 0;
  blobsRead = 0;

  constructor(repo: string) {
    this.child = spawn("git", ["-C", repo, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"], env: gitEnv() });
    this.child.stdout.on("data", (chunk: Buffer) => this.onData(chunk));
    this.child.on("error", (error) => this.fail(new GitError(`cannot run git cat-file: ${error.message}`)));
    this.child.on("close", () => this.fail(new GitError("git cat-file exited")));
    this.child.stdin.on("error", (error) => this.fail(new GitError(`git cat-file: ${error.message}`)));
    this.child.stderr.resume();
  }

  /** The blob's bytes, or null when the object is missing. */
  read(sha: string): Promise<Buffer | null> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ sha, resolve, reject });
      // Requests made in one tick go out in one write: one syscall, not one per blob.
      if (this.outgoing.length === 0) queueMicrotask(() => this.flushRequests());
      this.outgoing.push(sha);
    });
  }

  private flushRequests(): void {
    if (this.outgoing.length === 0 || this.failed) return;
    this.child.stdin.write(`${this.outgoing.join("\n")}\n`);
    this.outgoing = [];
  }

  close(): void {
    this.child.stdin.end();
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.bodySize < 0) {
        const joined = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
        this.chunks = [joined];
        const newline = joined.indexOf(10);
        if (newline === -1) return;
        const header = this.take(newline + 1)
          .toString("utf8")
          .trim();
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          this.queue.shift()?.resolve(null);
          continue;
        }
        const size = Number(header.slice(header.lastIndexOf(" ") + 1));
        if (!Number.isFinite(size)) {
          this.fail(new GitError(`unexpected cat-file output: ${header}`));
          return;
        }
        this.bodySize = size;
      }
      // Body plus its trailing newline; wait until all of it is here (no quadratic re-joining).
      if (this.buffered < this.bodySize + 1) return;
      const body = Buffer.from(this.take(this.bodySize + 1).subarray(0, this.bodySize));
      this.bodySize = -1;
      this.bytesRead += body.length;
      this.blobsRead++;
      this.queue.shift()?.resolve(body);
    }
  }
}
