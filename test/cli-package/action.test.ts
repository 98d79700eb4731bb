// action.yml: every input is documented and used, nothing else is referenced, and the command step turns
// the inputs into the right `converge` command line (run here against a stand-in converge that prints what
// it got). The README's workflow uses the action with inputs it declares. Installing and running the real
// package through the action is in package.test.ts.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { actionText, expressions, readAction, ROOT, runAction } from "./action";

const VERSION = (JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8")) as { version: string }).version;

describe("action.yml", () => {
  const action = readAction();

  test("is a composite action whose every input has a description and is used", () => {
    expect(action.runs.using).toBe("composite");
    const declared = Object.keys(action.inputs).sort();
    expect(declared).toEqual([
      "args",
      "command",
      "config",
      "directory",
      "node-version",
      "output",
      "package",
      "project",
      "read-token",
      "repository",
      "server-url",
      "token",
    ]);
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, `${name} has a description`).toBeGreaterThan(20);
    }
    const used = new Set(expressions(actionText()));
    expect([...used].filter((expression) => !/^inputs\.[a-z-]+$/.test(expression))).toEqual([]);
    expect([...used].map((expression) => expression.slice("inputs.".length)).sort()).toEqual(declared);
  });

  test("requires the command and installs the package's own version by default", () => {
    expect(action.inputs.command?.required).toBe(true);
    expect(action.inputs.command?.default).toBeUndefined();
    expect(action.inputs.package?.default).toBe(`converge-scan@${VERSION}`);
    expect(action.runs.steps[0]).toEqual({ uses: "actions/setup-node@v4", with: { "node-version": `$\{{ inputs.node-version }}` } });
  });
});

describe("the action's command step", () => {
  const action = readAction();
  let temp: string;
  let workspace: string;

  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), "converge-action-"));
    workspace = join(temp, "workspace");
    mkdirSync(join(workspace, "repo"), { recursive: true });
    const bin = join(temp, "converge-scan", "node_modules", ".bin");
    mkdirSync(bin, { recursive: true });
    // prints its arguments and the CONVERGE_* environment it was given, exits with STUB_EXIT
    copyFileSync(join(import.meta.dirname, "fake-converge.sh"), join(bin, "converge"));
    chmodSync(join(bin, "converge"), 0o755);
  });

  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) => {
    const runs = runAction(action, { inputs, env, runnerTemp: temp, workspace, only: (name) => name.startsWith("converge ") });
    expect(runs).toHaveLength(1);
    return runs[0] as NonNullable<(typeof runs)[0]>;
  };

  test("scan with a server: --config, --post, the extra arguments, and the inputs as CONVERGE_* variables", () => {
    const step = run({
      command: "scan",
      directory: "repo",
      config: "ci/converge.json",
      args: "--format table  --replace",
      "server-url": "https://converge.example.com",
      token: "cvg_secret",
      project: "engines",
    });
    expect(step.name).toBe("converge scan");
    expect(step.status).toBe(0);
    expect(step.stdout).toBe(
      [
        "arg scan",
        "arg .",
        "arg --config",
        "arg ci/converge.json",
        "arg --post",
        "arg --format",
        "arg table",
        "arg --replace",
        "cwd repo",
        "env CONVERGE_URL=https://converge.example.com",
        "env CONVERGE_TOKEN=cvg_secret",
        "env CONVERGE_PROJECT=engines",
        "",
      ].join("\n"),
    );
  });

  test("an empty input leaves the job's environment alone; the job's server makes backfill post to a repository", () => {
    const step = run(
      { command: "backfill", args: "--since 1y --every week", repository: "platform" },
      { CONVERGE_URL: "https://job.example.com", CONVERGE_TOKEN: "cvg_job" },
    );
    expect(step.status).toBe(0);
    expect(step.stdout).toBe(
      [
        "arg backfill",
        "arg .",
        "arg --post",
        "arg --since",
        "arg 1y",
        "arg --every",
        "arg week",
        "cwd workspace",
        "env CONVERGE_URL=https://job.example.com",
        "env CONVERGE_TOKEN=cvg_job",
        "env CONVERGE_REPOSITORY=platform",
        "",
      ].join("\n"),
    );
  });

  test("digest takes no folder and never posts; check without a server does not post either", () => {
    const digest = run({ command: "digest", args: "--to slack", "server-url": "https://c.example.com", "read-token": "cvg_read" });
    expect(digest.stdout).toBe(
      [
        "arg digest",
        "arg --to",
        "arg slack",
        "cwd workspace",
        "env CONVERGE_URL=https://c.example.com",
        "env CONVERGE_READ_TOKEN=cvg_read",
        "",
      ].join("\n"),
    );
    const check = run({ command: "check", args: "--baseline .converge-baseline.json" });
    expect(check.stdout).toBe(["arg check", "arg .", "arg --baseline", "arg .converge-baseline.json", "cwd workspace", ""].join("\n"));
  });

  test("output: the command's stdout is also written to the file, and a failed check fails the step with its code", () => {
    const step = run({ command: "check", args: "--branch main --format markdown", output: "converge.md" }, { STUB_EXIT: "1" });
    expect(step.status).toBe(1);
    expect(readFileSync(join(workspace, "converge.md"), "utf8")).toBe(step.stdout);
    expect(step.stdout.startsWith("arg check\narg .\narg --branch\narg main\narg --format\narg markdown\n")).toBe(true);
  });

  test("an unknown command fails the step (exit 2) naming it, before anything runs", () => {
    const step = run({ command: "project" });
    expect(step.status).toBe(2);
    expect(step.stdout).toBe("::error::command must be scan, check, backfill or digest, not 'project'\n");
  });
});

describe("the README's workflow", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(
    readme.indexOf("## Track your own repository"),
    readme.indexOf("\n## ", readme.indexOf("## Track your own repository") + 5),
  );
  const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];

  test("uses this repository's action with declared inputs and known commands", () => {
    expect(yamlBlock).toBeDefined();
    const workflow = parse(yamlBlock ?? "") as { jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> };
    const action = readAction();
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((step) => step.uses?.startsWith("org/converge@")));
    expect(uses.map((step) => step.with?.command)).toEqual(["backfill", "scan", "check", "digest", "digest"]);
    for (const step of uses) {
      expect(step.uses).toBe(`org/converge@v${VERSION}`);
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    }
  });
});
