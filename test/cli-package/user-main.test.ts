// The package's entry (cli/user-main.ts) in-process: the app's commands minus the admin ones, which exit 2
// pointing at the app. The packed and installed package is exercised in package.test.ts.
import { describe, expect, test } from "vitest";
import { main } from "@/cli/main";
import { ADMIN_COMMANDS, userHelp, userMain } from "@/cli/user-main";
import { SCANNER_VERSION } from "@/lib/version";
import { capture } from "../history/io";
import { ROOT } from "./action";

/** The command words of a help text's Commands section. */
function commandsOf(help: string): string[] {
  const section = help.slice(help.indexOf("Commands\n"), help.indexOf("\nOptions\n"));
  return [...new Set([...section.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1] ?? ""))];
}

describe("converge-scan's entry", () => {
  test("help: every command of the app's help but project and repo, and a note pointing at the app", async () => {
    const io = capture();
    expect(await main(["--help"], io)).toBe(0);
    const appCommands = commandsOf(io.out);
    expect(appCommands).toContain("project");
    expect(appCommands).toContain("repo");
    const help = await userHelp();
    expect(commandsOf(help)).toEqual(appCommands.filter((command) => !ADMIN_COMMANDS.includes(command)));
    expect(help).not.toMatch(/^ {2}converge (project|repo) /m);
    expect(help.endsWith("run them in the Converge app,\n  npm run converge -- project create <slug> --name NAME\n")).toBe(true);
    const printed = capture();
    expect(await userMain(["--help"], printed)).toBe(0);
    expect(printed.out).toBe(help);
  });

  test.each(ADMIN_COMMANDS)("converge %s exits 2 naming the app, before anything is loaded", async (command) => {
    const io = capture();
    expect(await userMain([command, "list"], io)).toBe(2);
    expect(io.out).toBe("");
    expect(io.err).toBe(
      `ERROR: converge ${command} is an admin command: run it where the Converge app and its database are (npm run converge -- ${command} …)\n`,
    );
  });

  test("other commands run as in the app: --version is the package's, an unknown command exits 2", async () => {
    const { version } = (await import(`${ROOT}/packages/cli/package.json`, { with: { type: "json" } })).default as { version: string };
    expect(SCANNER_VERSION).toBe(version);
    const io = capture();
    expect(await userMain(["--version"], io)).toBe(0);
    expect(io.out).toBe(`${version}\n`);
    const unknown = capture();
    expect(await userMain(["deploy"], unknown)).toBe(2);
    expect(unknown.err).toBe('ERROR: unknown command "deploy" (run converge --help)\n');
  });
});
