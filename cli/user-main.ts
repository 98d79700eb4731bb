// The CLI package's entry (`converge-scan`): every command of cli/main.ts that a tracked repository's CI
// runs. Admin commands write to the server's database, so they stay with the app (`npm run converge`).
import { EXIT, type CommandIo } from "./errors";
import { main, runOnProcess } from "./main";

/** Commands that need the app's database; the package build replaces their modules with nothing. */
export const ADMIN_COMMANDS: readonly string[] = ["project", "repo"];

const ADMIN_NOTE = `Admin commands (${ADMIN_COMMANDS.join(", ")}) write to the server's database: run them in the Converge app,
  npm run converge -- project create <slug> --name NAME
`;

export async function userMain(argv: string[], io: CommandIo): Promise<number> {
  const [name] = argv;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.stdout(await userHelp());
    return EXIT.ok;
  }
  if (ADMIN_COMMANDS.includes(name)) {
    io.stderr(
      `ERROR: converge ${name} is an admin command: run it where the Converge app and its database are (npm run converge -- ${name} …)\n`,
    );
    return EXIT.badInput;
  }
  return main(argv, io);
}

/** The app's help without the admin commands, so a command added to cli/main.ts shows up here too. */
export async function userHelp(): Promise<string> {
  let full = "";
  await main(["--help"], { stdout: (text) => (full += text), stderr: () => {}, env: process.env, cwd: process.cwd(), interactive: false });
  const kept: string[] = [];
  let droppingContinuation = false;
  for (const line of full.split("\n")) {
    const command = /^ {2}(\S+)/.exec(line)?.[1];
    if (command !== undefined) {
      droppingContinuation = ADMIN_COMMANDS.includes(command) || isAdminExample(line);
      if (!droppingContinuation) kept.push(line);
    } else if (droppingContinuation && /^ {3,}\S/.test(line)) {
      // a continuation line of a dropped command
    } else {
      droppingContinuation = false;
      kept.push(line);
    }
  }
  return `${kept.join("\n").trimEnd()}\n\n${ADMIN_NOTE}`;
}

function isAdminExample(line: string): boolean {
  return ADMIN_COMMANDS.some((command) => line.startsWith(`  converge ${command} `));
}

/** Runs the package's CLI on this process (the bundled bin calls it). */
export function runUserCli(): void {
  runOnProcess(userMain);
}
