// Reads action.yml and runs its composite steps the way the GitHub runner does for `shell: bash`
// (`bash --noprofile --norc -eo pipefail`), with `${{ inputs.NAME }}` expressions filled in from the inputs.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

export const ROOT = join(import.meta.dirname, "..", "..");

const InputSchema = z.object({
  description: z.string(),
  required: z.boolean().optional(),
  default: z.string().optional(),
});

const StepSchema = z.union([
  z.object({ uses: z.string(), with: z.record(z.string(), z.string()).optional() }).strict(),
  z
    .object({
      name: z.string().optional(),
      shell: z.literal("bash"),
      "working-directory": z.string().optional(),
      env: z.record(z.string(), z.string()).optional(),
      run: z.string(),
    })
    .strict(),
]);
export type ActionStep = z.infer<typeof StepSchema>;

export const ActionSchema = z.object({
  name: z.string(),
  description: z.string(),
  inputs: z.record(z.string(), InputSchema),
  runs: z.object({ using: z.literal("composite"), steps: z.array(StepSchema) }),
});
export type Action = z.infer<typeof ActionSchema>;

export function actionText(): string {
  return readFileSync(join(ROOT, "action.yml"), "utf8");
}

export function readAction(): Action {
  return ActionSchema.parse(parse(actionText()));
}

const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** Every `${{ … }}` expression in the file, e.g. "inputs.command". */
export function expressions(text: string): string[] {
  return [...text.matchAll(EXPRESSION)].map((match) => match[1] ?? "");
}

function fill(text: string, inputs: Record<string, string>): string {
  return text.replace(EXPRESSION, (_, expression: string) => {
    const name = /^inputs\.([a-z-]+)$/.exec(expression)?.[1];
    const value = name === undefined ? undefined : inputs[name];
    if (value === undefined) throw new Error(`action.yml: cannot evaluate \${{ ${expression} }}`);
    return value;
  });
}

export interface StepRun {
  name: string;
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** The runner's temp folder: the install step puts the CLI under it. */
  runnerTemp: string;
  /** The job's environment (e.g. CONVERGE_URL set for the whole job). */
  env?: Record<string, string>;
  /** The job's working folder: `directory` is relative to it. */
  workspace: string;
  /** Only the steps whose name passes (the install step is slow). */
  only?: (name: string) => boolean;
}

/** Runs the action's `run` steps in order (setup-node is the runner's business); stops at the first that fails. */
export function runAction(action: Action, options: RunOptions): StepRun[] {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = options.inputs[name] ?? input.default;
    if (value === undefined && input.required) throw new Error(`input ${name} is required`);
    inputs[name] = value ?? "";
  }
  const runs: StepRun[] = [];
  for (const step of action.runs.steps) {
    if (!("run" in step)) continue;
    const name = fill(step.name ?? "", inputs);
    if (options.only && !options.only(name)) continue;
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: "test",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      RUNNER_TEMP: options.runnerTemp,
      GITHUB_PATH: join(options.runnerTemp, "github-path"),
      ...options.env,
    };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = fill(value, inputs);
    const cwd = join(options.workspace, fill(step["working-directory"] ?? ".", inputs));
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], { cwd, env, encoding: "utf8" });
    runs.push({ name, status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr });
    if (result.status !== 0) break;
  }
  return runs;
}
