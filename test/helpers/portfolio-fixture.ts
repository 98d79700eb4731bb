// A real-shaped repository holding several consolidations at once (issue #12): a WebSocket manager
// family (Python and TypeScript), an agent registry (TypeScript and Python, its own include), a
// database layer (its own exclude: test folders count) and execution engines (the fourth family, in
// no in-tree config). Long nested paths and class names, many members and methods, aliases, a name
// defined in several files, a file defining members of two families, test folders, a deprecated
// class, a primary per family; eight commits
// over seven weeks where families grow and shrink, and one commit adds a file that mentions a
// family's literal without defining any member. Dates are fixed, so SHAs are the same on every run.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ConfigFile, FamilyFile, PortfolioFile } from "@/lib/scanner/config";
import { gitEnv } from "../history/fixture";

export interface PortfolioFixture {
  dir: string;
  /** Commits of main, oldest first (eight, no merges). */
  commits: string[];
  git(args: string[]): string;
  dispose(): void;
}

const WS_CORE = "netra_backend/app/websocket_core";
/** Over 90 characters: paths as long as the repository the product was born from has. */
export const DEEP_WS = "netra_backend/app/websocket_core/managers/emitters/isolated/per_user_execution_context/implementations";

const SHARED_INCLUDE = ["**/*.{py,ts,tsx}"];
const SHARED_EXCLUDE = ["**/tests/**", "**/__tests__/**", "**/test_*.py", "**/*.test.*"];

/** The three families the repository's own `converge.config.json` holds. */
export const WEBSOCKET_FAMILY = {
  slug: "websocket",
  name: "WebSocket manager",
  pattern: "WebSocketManager",
  primary: "UnifiedWebSocketManager",
  target: 1,
  issue: "https://github.com/acme/netra/issues/1104",
  phases: [{ name: "single-manager", due: "2026-03-01", target: 2, members: ["WebSocketManager"] }],
  checks: { maxSignatureGroups: 2 },
} satisfies FamilyFile;

export const REGISTRY_FAMILY = {
  slug: "agent-registry",
  name: "Agent registry",
  pattern: "AgentRegistry$",
  primary: "AgentRegistry",
  target: 1,
  issue: "https://github.com/acme/netra/issues/1116",
  include: ["frontend/**/*.{ts,tsx}", "netra_backend/app/agents/**/*.py"],
} satisfies FamilyFile;

export const DATABASE_FAMILY = {
  slug: "database",
  name: "Database layer",
  pattern: "DatabaseManager",
  primary: "DatabaseManager",
  target: 2,
  count: "definitions",
  // Test doubles count for this family: its exclude replaces the shared one.
  exclude: [],
} satisfies FamilyFile;

/** The fourth family: only in outside configs (the four-family case). */
export const EXECUTION_FAMILY = {
  slug: "execution",
  name: "Execution engines",
  pattern: "ExecutionEngine",
  primary: "UserExecutionEngine",
  target: 1,
} satisfies FamilyFile;

function portfolioOf(families: FamilyFile[]): PortfolioFile {
  return { include: SHARED_INCLUDE, exclude: SHARED_EXCLUDE, families };
}

/** The config committed in the repository: three families. */
export const THREE_FAMILY_CONFIG: PortfolioFile = portfolioOf([WEBSOCKET_FAMILY, REGISTRY_FAMILY, DATABASE_FAMILY]);
/** The same three and the execution engines. */
export const FOUR_FAMILY_CONFIG: PortfolioFile = portfolioOf([WEBSOCKET_FAMILY, REGISTRY_FAMILY, DATABASE_FAMILY, EXECUTION_FAMILY]);

/** A family as a single-family config: what a one-family scan of it runs (shared include/exclude merged in). */
export function singleFamilyConfig(family: FamilyFile): ConfigFile {
  const { slug: _slug, name: _name, ...own } = family;
  return { ...own, include: own.include ?? SHARED_INCLUDE, exclude: own.exclude ?? SHARED_EXCLUDE };
}

/** The one-family configs, by slug, in FOUR_FAMILY_CONFIG order. */
export const SINGLE_FAMILY_CONFIGS: Record<string, ConfigFile> = Object.fromEntries(
  FOUR_FAMILY_CONFIG.families.map((family) => [family.slug, singleFamilyConfig(family)]),
);

const pyClass = (name: string, base = "", methods: string[] = ["connect", "send"], extra = "") => `import logging


class ${name}${base ? `(${base})` : ""}:
    """${name}: one of the implementations this consolidation folds into its primary."""

    def __init__(self, user_context, connection_registry, event_emitter):
        self.user_context = user_context
        self.connection_registry = connection_registry
        self.event_emitter = event_emitter
${methods.map((method) => `\n    def ${method}(self, payload):\n        logging.info("${method} %s", payload)\n        return payload\n`).join("")}${extra}`;

const UNIFIED_METHODS = [
  "connect",
  "disconnect",
  "send_to_user",
  "broadcast",
  "emit_agent_started",
  "emit_agent_thinking",
  "emit_tool_executing",
  "emit_tool_completed",
  "emit_agent_completed",
  "register_connection",
  "unregister_connection",
  "get_connection",
  "is_connected",
  "heartbeat",
];

const tsClass = (name: string, heritage = "", methods: string[] = ["register", "lookup"]) =>
  `export class ${name}${heritage ? ` ${heritage}` : ""} {
  constructor(
    private readonly context: unknown,
    private readonly options: { timeoutMs: number },
  ) {}
${methods.map((method) => `\n  ${method}(key: string): string {\n    return key;\n  }\n`).join("")}}
`;

const DEPRECATED_DB = `import warnings


class ClickHouseDatabaseManager:
    """Deprecated: use DatabaseManager."""

    def __init__(self, dsn, pool_size):
        warnings.warn("ClickHouseDatabaseManager is deprecated; use DatabaseManager", DeprecationWarning)
        self.dsn = dsn
        self.pool_size = pool_size

    def query(self, sql):
        return sql
`;

/** Mentions two families' names without defining a member: the prefilter cannot rule it out, the parse finds nothing. */
const HEALTH_ROUTE = `# Health checks: the DatabaseManager and the UnifiedWebSocketManager must both answer.
from netra_backend.app.db.database_manager import get_database


def health():
    database = get_database()
    return {"database": database.ping(), "websocket": "UnifiedWebSocketManager"}
`;

/** Defines a member of two families (parsed once for both) and names two more it defines none of. */
const AGENT_BRIDGE = `from netra_backend.app.agents.execution_engine import UserExecutionEngine
from netra_backend.app.db.database_manager import DatabaseManager


class AgentWebSocketManager:
    """Bridges agent events to the socket."""

    def __init__(self, user_context, emitter):
        self.engine = UserExecutionEngine(user_context, emitter, None)
        self.database = DatabaseManager(user_context, None, None)

    def notify(self, event):
        return self.engine.run(event)


class WebSocketAgentRegistry:
    def __init__(self, agents):
        self.agents = agents

    def lookup(self, name):
        return self.agents[name]
`;

export function buildPortfolioFixture(): PortfolioFixture {
  const dir = mkdtempSync(join(tmpdir(), "converge-portfolio-"));
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0); // Monday 2026-01-05
  const git = (args: string[]) =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8", env: gitEnv(new Date(clock).toISOString()) }).trim();
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const remove = (path: string) => rmSync(join(dir, path));
  const commit = (message: string, daysLater: number) => {
    git(["add", "-A"]);
    git(["commit", "-q", "-m", message]);
    clock += daysLater * 86_400_000;
  };

  git(["init", "-q", "-b", "main"]);
  write("converge.config.json", `${JSON.stringify(THREE_FAMILY_CONFIG, null, 2)}\n`);
  write("netra_backend/__init__.py", "");
  write("netra_backend/app/util.py", "def helper():\n    return 1\n");
  write(`${WS_CORE}/unified_manager.py`, pyClass("UnifiedWebSocketManager", "", UNIFIED_METHODS.slice(0, 10)));
  write(`${WS_CORE}/legacy/websocket_manager.py`, pyClass("WebSocketManager"));
  write(
    "netra_backend/app/services/websocket/manager_factory.py",
    `${pyClass("WebSocketManager", "", ["connect", "send", "close"])}\n\nWebSocketManagerAlias = WebSocketManager\n`,
  );
  write("frontend/src/agents/registry/AgentRegistry.ts", tsClass("AgentRegistry", "", ["register", "lookup", "list", "remove"]));
  write("netra_backend/app/agents/supervisor/agent_registry.py", pyClass("AgentRegistry", "", ["register", "get_agent"]));
  write("netra_backend/app/db/database_manager.py", pyClass("DatabaseManager", "", ["query", "transaction", "close"]));
  write("netra_backend/app/db/legacy/clickhouse_database_manager.py", DEPRECATED_DB);
  write("netra_backend/tests/websocket/test_manager.py", pyClass("MockWebSocketManager"));
  write("netra_backend/tests/db/test_database.py", pyClass("FakeDatabaseManager", "", ["query"]));
  write("frontend/src/agents/__tests__/FakeAgentRegistry.test.ts", tsClass("FakeAgentRegistry"));
  write("netra_backend/app/agents/execution_engine.py", pyClass("UserExecutionEngine", "", ["run", "cancel"]));
  commit("initial: websocket managers, agent registries, database managers, one execution engine", 7);

  write(
    `${DEEP_WS}/isolated_websocket_manager.py`,
    pyClass("IsolatedWebSocketManagerForPerUserExecutionContextIsolation", "UnifiedWebSocketManager", ["send_isolated"]),
  );
  write("frontend/src/services/websocket/WebSocketManager.ts", tsClass("WebSocketManager", "", ["connect", "send"]));
  write("netra_backend/app/agents/websocket_bridge.py", AGENT_BRIDGE);
  write("frontend/src/agents/index.ts", 'export { AgentRegistry as LegacyAgentRegistry } from "./registry/AgentRegistry";\n');
  commit("websocket grows: an isolated manager, a frontend manager and an agent bridge; the registry gets a legacy alias and a bridge", 3);

  write("netra_backend/app/db/postgres/async_database_manager.py", pyClass("AsyncDatabaseManager", "", ["query", "transaction"]));
  write(
    "netra_backend/app/db/__init__.py",
    "from netra_backend.app.db.database_manager import DatabaseManager\n\nLegacyDatabaseManager = DatabaseManager\n",
  );
  commit("database grows: an async manager and a legacy alias", 8);

  write("netra_backend/app/routes/health.py", HEALTH_ROUTE);
  commit("health route: mentions two families, defines none", 6);

  remove(`${WS_CORE}/legacy/websocket_manager.py`);
  write("frontend/src/agents/registry/ToolAgentRegistry.ts", tsClass("ToolAgentRegistry", "extends AgentRegistry", ["registerTool"]));
  write("netra_backend/app/agents/engines/data_execution_engine.py", pyClass("DataExecutionEngine", "", ["run"]));
  commit("websocket shrinks: the legacy manager goes; the registry gets a tool registry; a data engine", 7);

  remove("netra_backend/app/db/postgres/async_database_manager.py");
  write("netra_backend/app/agents/execution_engine.py", pyClass("UserExecutionEngine", "", ["run", "cancel", "resume"]));
  commit("database shrinks: the async manager folds into DatabaseManager", 4);

  remove("netra_backend/app/agents/supervisor/agent_registry.py");
  write(`${WS_CORE}/unified_manager.py`, pyClass("UnifiedWebSocketManager", "", UNIFIED_METHODS));
  commit("registry shrinks: the Python registry goes; the unified manager takes over the emitters", 9);

  // WebSocketManager stays defined twice (Python factory, TypeScript frontend) at the last commit.
  write("netra_backend/app/services/websocket/manager_factory.py", pyClass("WebSocketManager", "", ["connect", "send", "close"]));
  write("netra_backend/app/util.py", "def helper():\n    return 2\n");
  commit("websocket shrinks: the factory's alias goes", 1);

  const commits = git(["log", "--reverse", "--format=%H", "main"]).split("\n");
  return { dir, commits, git, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
