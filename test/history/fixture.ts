// A small repository with a real history, built with git commands: members are added, removed,
// renamed and moved, the plan's target changes, one commit has a syntax error, and a branch is
// merged. Dates are fixed, so SHAs are the same on every run.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface HistoryFixture {
  dir: string;
  /** First-parent commits of main, oldest first. */
  commits: string[];
  git(args: string[], date?: string): string;
  dispose(): void;
}

const ENGINE = (name: string, extra = "") => `import logging


class ${name}:
    """An engine."""

    def __init__(self, context, agent_factory, websocket_emitter):
        self.context = context
        self.agent_factory = agent_factory

    def run(self, request):
        logging.info("run %s", request)
        return request
${extra}`;

const ADAPTER = `from engines.user import UserExecutionEngine


class ExecutionEngineAdapter:
    def __init__(self, context, agent_factory, websocket_emitter):
        self._engine = UserExecutionEngine(context, agent_factory, websocket_emitter)

    def run(self, request):
        return self._engine.run(request)
`;

/** A fixed author and clock, and no user or system git config: fixture SHAs are the same on every machine. */
export function gitEnv(when: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: "Ada",
    GIT_AUTHOR_EMAIL: "ada@example.com",
    GIT_COMMITTER_NAME: "Ada",
    GIT_COMMITTER_EMAIL: "ada@example.com",
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_DATE: when,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
  };
}

export function buildHistoryFixture(): HistoryFixture {
  const dir = mkdtempSync(join(tmpdir(), "converge-history-"));
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0); // Monday 2026-01-05
  const git = (args: string[], date?: string) => {
    const when = date ?? new Date(clock).toISOString();
    return execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: gitEnv(when),
    }).trim();
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = (message: string, hoursLater = 24) => {
    git(["add", "-A"]);
    git(["commit", "-q", "--allow-empty", "-m", message]);
    clock += hoursLater * 3_600_000;
  };
  const config = (target: number, phases: unknown[] = []) =>
    `${JSON.stringify({ pattern: "ExecutionEngine", primary: "UserExecutionEngine", target, phases, checks: { maxSignatureGroups: 2 } }, null, 2)}\n`;

  git(["init", "-q", "-b", "main"]);
  write("converge.config.json", config(3));
  write("engines/__init__.py", "");
  write("engines/user.py", ENGINE("UserExecutionEngine"));
  write("engines/legacy.py", ENGINE("LegacyExecutionEngine"));
  write("util.py", "def helper():\n    return 1\n");
  write("tests/test_engine.py", ENGINE("TestExecutionEngine"));
  commit("initial engines");

  write("engines/fast.py", ENGINE("FastExecutionEngine"));
  write("engines/adapter.py", ADAPTER);
  write("web/engine.ts", "export class WebExecutionEngine {\n  constructor(private readonly context: unknown) {}\n  run(): void {}\n}\n");
  commit("add fast engine and adapter", 2); // same day as the next commit

  git(["mv", "engines/fast.py", "engines/speedy.py"]);
  commit("rename fast.py to speedy.py (same content)");

  mkdirSync(join(dir, "compat"), { recursive: true });
  git(["mv", "engines/legacy.py", "compat/legacy.py"]);
  write("compat/__init__.py", "");
  commit("move the legacy engine to compat/");

  write(
    "converge.config.json",
    config(2, [{ name: "logic-consolidation", due: "2026-03-01", target: 2, members: ["LegacyExecutionEngine"] }]),
  );
  commit("plan: target 2 and a phase");

  write("engines/broken.py", `${ENGINE("BrokenExecutionEngine")}\nclass HalfExecutionEngine(:\n    pass\n`);
  commit("work in progress (syntax error)");

  git(["checkout", "-q", "-b", "feature"]);
  write("engines/speedy.py", ENGINE("QuickExecutionEngine", "\n    def stop(self):\n        return None\n"));
  rmSync(join(dir, "engines/adapter.py"));
  commit("feature: rename FastExecutionEngine to QuickExecutionEngine, drop the adapter");
  write("engines/alias.py", "from engines.user import UserExecutionEngine\n\nExecutionEngine = UserExecutionEngine\n");
  commit("feature: add an alias");
  git(["checkout", "-q", "main"]);
  write("util.py", "def helper():\n    return 2\n");
  commit("main: touch util");
  git(["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
  clock += 24 * 3_600_000;

  rmSync(join(dir, "engines/broken.py"));
  write("engines/legacy_shim.py", "class ShimExecutionEngine:\n    pass\n");
  commit("fix the syntax error, add a shim");

  const commits = git(["log", "--first-parent", "--reverse", "--format=%H", "main"]).split("\n");
  return { dir, commits, git, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
