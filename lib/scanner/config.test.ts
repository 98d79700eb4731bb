import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  ConfigError,
  DEFAULT_TEST_EXCLUDE,
  configHash,
  loadConfig,
  parseConfigText,
  portfolioHash,
  resolveConfig,
  type ResolvedConfig,
} from "./config";
import { pathFilter } from "./walk";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "converge-config-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("config", () => {
  test("defaults when there is no config", () => {
    const portfolio = loadConfig(folder({}));
    expect(portfolio.multi).toBe(false);
    const config = portfolio.families[0];
    expect(config).toMatchObject({
      source: null,
      pattern: "ExecutionEngine",
      events: "websocket|emit",
      primary: null,
      target: 1,
      countSupport: false,
      subclasses: false,
    });
    expect(config?.exclude).toEqual(DEFAULT_TEST_EXCLUDE);
    expect(config?.limits).toEqual({ maxFileBytes: 1_048_576, fileTimeoutMs: 2_000 });
  });

  test("discovery order: converge.config.json, .converge.json, package.json#converge", () => {
    const all = folder({
      "converge.config.json": '{"target": 1}',
      ".converge.json": '{"target": 2}',
      "package.json": '{"name": "x", "converge": {"target": 3}}',
    });
    expect(loadConfig(all, undefined, all).families[0]?.target).toBe(1);
    const dot = folder({ ".converge.json": '{"target": 2}', "package.json": '{"converge": {"target": 3}}' });
    expect(loadConfig(dot, undefined, dot).families[0]).toMatchObject({ target: 2, source: ".converge.json" });
    const pkg = folder({ "package.json": '{"name": "x", "converge": {"target": 3}}' });
    expect(loadConfig(pkg, undefined, pkg).families[0]).toMatchObject({ target: 3, source: "package.json#converge" });
    const plain = folder({ "package.json": '{"name": "x"}' });
    expect(loadConfig(plain).source).toBeNull();
  });

  test("errors name the file and the key", () => {
    const cases: Array<[string, string]> = [
      ['{"pattern": "ExecutionEngine", "tagret": 8}', 'converge.config.json: tagret: unknown key "tagret"'],
      ['{"target": "eight"}', "converge.config.json: target: Invalid input: expected number, received string"],
      ['{"pattern": "Engine("}', "converge.config.json: pattern: not a valid regular expression"],
      ['{"phases": [{"name": "p1", "due": "15/01/2026", "target": 3}]}', "converge.config.json: phases[0].due: Invalid ISO date"],
      [
        '{"phases": [{"name": "p1", "due": "2026-01-15", "target": 3, "owner": "me"}]}',
        'converge.config.json: phases[0].owner: unknown key "owner"',
      ],
      [
        '{"classify": {"UserExecutionEngine": "main"}}',
        'converge.config.json: classify.UserExecutionEngine: Invalid option: expected one of "primary"|"core"|"adapter"|"factory"|"legacy"|"interface"|"support"',
      ],
      ['{"checks": {"maxAdapterLines": -1}}', "converge.config.json: checks.maxAdapterLines: Too small: expected number to be >=0"],
      [
        '{"phases": [{"name": "a", "due": "2026-01-15", "target": 3}, {"name": "a", "due": "2026-02-15", "target": 2}]}',
        'converge.config.json: phases[1].name: duplicate phase "a"',
      ],
      ["{not json", "converge.config.json: invalid JSON"],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseConfigText(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message.startsWith(message)).toBe(true);
    }
  });

  test("package.json errors carry the converge prefix", () => {
    const dir = folder({ "package.json": '{"converge": {"primry": "X"}}' });
    expect(() => loadConfig(dir, undefined, dir)).toThrow('package.json#converge: converge.primry: unknown key "primry"');
  });

  test("--config path that does not exist", () => {
    const dir = folder({});
    expect(() => loadConfig(dir, "nope.json", dir)).toThrow("nope.json: config file not found");
  });

  test("an exclude in the config replaces the default test excludes, not the always-excluded folders", () => {
    const defaults = pathFilter(resolveConfig());
    expect(defaults.includes("pkg/tests/test_engine.py")).toBe(false);
    expect(defaults.includes("pkg/engine_test.py")).toBe(false);
    expect(defaults.includes("web/a.spec.ts")).toBe(false);
    expect(defaults.includes("pkg/engine.py")).toBe(true);
    const custom = pathFilter(resolveConfig({ exclude: ["**/generated/**"] }));
    expect(custom.includes("pkg/tests/test_engine.py")).toBe(true);
    expect(custom.includes("pkg/generated/engine.py")).toBe(false);
    expect(custom.excludesDir("node_modules")).toBe(true);
    expect(custom.excludesDir("a/.venv")).toBe(true);
    expect(custom.excludesDir("dist")).toBe(true);
  });

  test("configHash is stable across key order and ignores the source", () => {
    const only = (text: string, file?: string) => parseConfigText(text, file).families[0] as ResolvedConfig;
    const a = only('{"pattern": "Engine", "target": 3}', "a.json");
    const b = only('{"target": 3, "pattern": "Engine"}', "b.json");
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(only('{"pattern": "Engine", "target": 4}'))).not.toBe(configHash(a));
  });

  const portfolioText = JSON.stringify({
    include: ["src/**/*.py"],
    exclude: ["**/vendor/**"],
    limits: { maxFileBytes: 5000 },
    families: [
      { slug: "engines", name: "Execution engines", pattern: "ExecutionEngine$", target: 8, primary: "ExecutionEngine" },
      {
        slug: "websocket",
        name: "WebSocket managers",
        pattern: "WebSocketManager",
        target: 1,
        include: ["**/*.ts"],
        limits: { fileTimeoutMs: 500 },
        issue: "https://github.com/acme/app/issues/680",
      },
    ],
  });

  test("a families config: shared include/exclude/limits, overridden per family", () => {
    const portfolio = parseConfigText(portfolioText, "portfolio.json");
    expect(portfolio.multi).toBe(true);
    expect(portfolio.source).toBe("portfolio.json");
    const [engines, websocket] = portfolio.families;
    expect(engines).toMatchObject({
      slug: "engines",
      name: "Execution engines",
      pattern: "ExecutionEngine$",
      target: 8,
      primary: "ExecutionEngine",
      include: ["src/**/*.py"],
      exclude: ["**/vendor/**"],
      limits: { maxFileBytes: 5000, fileTimeoutMs: 2_000 },
      issue: null,
    });
    expect(websocket).toMatchObject({
      slug: "websocket",
      include: ["**/*.ts"],
      exclude: ["**/vendor/**"],
      limits: { maxFileBytes: 5000, fileTimeoutMs: 500 },
      issue: "https://github.com/acme/app/issues/680",
    });
    expect(portfolioHash(portfolio)).not.toBe(portfolioHash(parseConfigText(portfolioText.replace('"target":8', '"target":7'))));
    // A single-family config keeps its one-family hash.
    const single = parseConfigText('{"pattern": "Engine", "target": 3}');
    expect(portfolioHash(single)).toBe(configHash(single.families[0] as ResolvedConfig));
  });

  test("families config errors name the family", () => {
    const family = (extra: Record<string, unknown>) =>
      JSON.stringify({
        families: [
          { slug: "a", name: "A", pattern: "A", target: 1 },
          { slug: "b", name: "B", pattern: "B", target: 1, ...extra },
        ],
      });
    const cases: Array<[string, string]> = [
      [family({ pattern: "Engine(" }), "converge.config.json: families[1].pattern: not a valid regular expression"],
      [family({ slug: "a" }), 'converge.config.json: families[1].slug: duplicate family "a"'],
      [family({ slug: "Bad Slug" }), "converge.config.json: families[1].slug: a family slug is"],
      [family({ tagret: 2 }), 'converge.config.json: families[1].tagret: unknown key "tagret"'],
      [JSON.stringify({ families: [{ slug: "a", name: "A", pattern: "A" }] }), "converge.config.json: families[0].target:"],
      [JSON.stringify({ families: [] }), "converge.config.json: families:"],
      [
        JSON.stringify({ pattern: "X", families: [{ slug: "a", name: "A", pattern: "A", target: 1 }] }),
        'converge.config.json: pattern: unknown key "pattern"',
      ],
      [
        family({
          phases: [
            { name: "p", due: "2026-01-01", target: 1 },
            { name: "p", due: "2026-02-01", target: 1 },
          ],
        }),
        'converge.config.json: families[1].phases[1].name: duplicate phase "p"',
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => parseConfigText(text)).toThrow(ConfigError);
      expect(() => parseConfigText(text)).toThrow(message);
    }
  });
});
