// A real-shaped repository for the plan tests: long paths (over 90 characters), many members of a
// `*Backend` family in Python and TypeScript, aliases and duplicate names, and a history where the
// family grows, shrinks and moves. Built with git; dates fixed, so SHAs are stable.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gitEnv } from "./fixture";

export interface PlanFixture {
  dir: string;
  git(args: string[]): string;
  write(path: string, text: string): void;
  remove(path: string): void;
  commit(message: string): string;
  dispose(): void;
}

export const DEEP = "services/storage_and_delivery_platform/backends/implementations_for_every_supported_provider";

export function backendModule(name: string, base = "BaseStorageBackend", extra = ""): string {
  return `import logging

from services.storage_and_delivery_platform.backends.base import ${base}


class ${name}(${base}):
    """A storage backend with a long, descriptive docstring about what it does and why."""

    def __init__(self, settings, connection_pool, event_emitter):
        self.settings = settings
        self.connection_pool = connection_pool

    def store(self, key, payload):
        logging.info("store %s", key)
        return self.connection_pool.put(key, payload)
${extra}`;
}

export function tsBackend(name: string): string {
  return `export class ${name} {\n  constructor(private readonly settings: unknown, private readonly pool: unknown) {}\n  store(key: string): string {\n    return key;\n  }\n}\n`;
}

export function createPlanFixture(): PlanFixture {
  const dir = mkdtempSync(join(tmpdir(), "converge-plan-"));
  let clock = Date.UTC(2026, 1, 2, 9, 0, 0);
  const git = (args: string[]) => {
    const when = new Date(clock).toISOString();
    return execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: gitEnv(when),
    }).trim();
  };
  git(["init", "-q", "-b", "main"]);
  return {
    dir,
    git,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    remove(path) {
      rmSync(join(dir, path), { force: true });
    },
    commit(message) {
      git(["add", "-A"]);
      git(["commit", "-q", "--allow-empty", "-m", message]);
      clock += 3 * 86_400_000;
      return git(["rev-parse", "HEAD"]);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Path of backend number `i`: over 90 characters. */
export function backendPath(i: number, folder = DEEP): string {
  return `${folder}/provider_number_${String(i).padStart(3, "0")}_storage_backend_module.py`;
}

/** Writes a history of four commits with no config file in any of them; returns the SHAs, oldest first. */
export function writeFamilyHistory(fixture: PlanFixture): string[] {
  const shas: string[] = [];
  fixture.write(`${DEEP}/base.py`, "class BaseStorageBackend:\n    pass\n");
  for (let i = 0; i < 24; i++) fixture.write(backendPath(i), backendModule(`Provider${i}ObjectStorageWithRetriesBackend`));
  fixture.write(
    "web/src/client/storage/adapters/for/the/browser/and/node/runtimes/InMemoryBrowserBackend.ts",
    tsBackend("InMemoryBrowserBackend"),
  );
  fixture.write("README.md", "# storage\n");
  shas.push(fixture.commit("initial backends"));

  for (let i = 24; i < 36; i++) fixture.write(backendPath(i), backendModule(`Provider${i}ObjectStorageWithRetriesBackend`));
  // The same name defined twice, and an import alias: names and definitions differ.
  fixture.write(
    `${DEEP}/duplicate_of_provider_three_kept_for_compatibility_with_older_deployments.py`,
    backendModule("Provider3ObjectStorageWithRetriesBackend"),
  );
  fixture.write(
    `${DEEP}/aliases.py`,
    "from services.storage_and_delivery_platform.backends.base import BaseStorageBackend as DefaultBackend\n",
  );
  shas.push(fixture.commit("more providers, a duplicate and an alias"));

  for (let i = 0; i < 10; i++) fixture.remove(backendPath(i));
  fixture.write(
    backendPath(12),
    backendModule("Provider12ObjectStorageWithRetriesBackend", "BaseStorageBackend", "\n    def close(self):\n        return None\n"),
  );
  shas.push(fixture.commit("consolidate ten providers"));

  fixture.git(["mv", DEEP, "services/storage_and_delivery_platform/backends/providers_after_the_great_reorganisation_of_2026"]);
  shas.push(fixture.commit("move the providers"));
  return shas;
}
