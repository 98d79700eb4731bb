import { tmpdir } from "node:os";
import type { CommandIo } from "@/cli/errors";

/** A CommandIo that records what a command prints. */
export function capture(
  env: NodeJS.ProcessEnv = {} as NodeJS.ProcessEnv,
  cwd: string = tmpdir(),
): CommandIo & { out: string; err: string } {
  const io: CommandIo & { out: string; err: string } = {
    out: "",
    err: "",
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    env,
    cwd,
    interactive: false,
  };
  return io;
}
