import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InventorySchema } from "@/lib/contract/inventory";
import { main } from "@/cli/main";
import { capture } from "@/test/history/io";
import { OUTSIDE_SYMLINK, walkFiles } from "./walk";

const engine = (name: string) =>
  `class ${name}:\n    def __init__(self, context, agent_factory, websocket_emitter):\n        self.context = context\n`;

describe("symlinks out of the scanned folder", () => {
  let root: string;
  let elsewhere: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "converge-walk-root-"));
    elsewhere = mkdtempSync(join(tmpdir(), "converge-walk-elsewhere-"));
    writeFileSync(join(elsewhere, "secret.py"), engine("SecretExecutionEngine"));
    mkdirSync(join(elsewhere, "pkg"));
    writeFileSync(join(elsewhere, "pkg", "hidden.py"), engine("HiddenExecutionEngine"));
    mkdirSync(join(root, "app"));
    writeFileSync(join(root, "app", "user.py"), engine("UserExecutionEngine"));
    writeFileSync(join(root, "converge.config.json"), "{}");
    symlinkSync("/usr", join(root, "usr")); // a system folder: thousands of files, none of ours
    symlinkSync(elsewhere, join(root, "out")); // a folder elsewhere on the machine
    symlinkSync(join(elsewhere, "secret.py"), join(root, "app", "secret.py")); // one file elsewhere
    symlinkSync(join(root, "app", "user.py"), join(root, "inside.py")); // inside the root: followed (and de-duplicated)
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  test("the walker lists them as skipped and hands none of their files to the reader", () => {
    const walked = walkFiles(root, { include: ["**/*.py"], exclude: [] });
    expect(walked.files.map((f) => f.file)).toEqual(["app/user.py"]);
    expect(walked.issues).toEqual([
      { kind: "skipped", file: "app/secret.py", reason: OUTSIDE_SYMLINK },
      { kind: "skipped", file: "out", reason: OUTSIDE_SYMLINK },
      { kind: "skipped", file: "usr", reason: OUTSIDE_SYMLINK },
    ]);
  });

  test("converge scan reports them and reads none; --follow-outside-symlinks follows them", async () => {
    const io = capture({} as NodeJS.ProcessEnv, root);
    expect(await main(["scan", ".", "--format", "json"], io)).toBe(0);
    const inventory = InventorySchema.parse(JSON.parse(io.out));
    expect(inventory.members.map((m) => m.name)).toEqual(["UserExecutionEngine"]);
    expect(inventory.files.skipped.map((s) => [s.file, s.reason])).toEqual([
      ["app/secret.py", "symlink outside the scanned folder"],
      ["out", "symlink outside the scanned folder"],
      ["usr", "symlink outside the scanned folder"],
    ]);

    // Following /usr would walk the whole system folder: the opt-in is tried without that link.
    unlinkSync(join(root, "usr"));
    const followed = capture({} as NodeJS.ProcessEnv, root);
    expect(await main(["scan", ".", "--format", "json", "--follow-outside-symlinks"], followed)).toBe(0);
    const names = InventorySchema.parse(JSON.parse(followed.out)).members.map((m) => `${m.file}::${m.name}`);
    expect(names).toContain("app/secret.py::SecretExecutionEngine");
    expect(names).toContain("out/pkg/hidden.py::HiddenExecutionEngine");
  });
});
