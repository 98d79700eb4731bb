/** Bad input (flags, config, missing directory): printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const EXIT = { ok: 0, checkFailed: 1, badInput: 2 } as const;

/** What a command needs from the outside world; tests pass their own. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stderr is a terminal and progress may be drawn. */
  interactive: boolean;
}

export type Command = (argv: string[], io: CommandIo) => Promise<number>;
