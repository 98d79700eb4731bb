import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "@/cli/main";
import { capture } from "@/test/history/io";
import { createProgress } from "./progress";

const FIXTURE = join(process.cwd(), "test/fixtures/scanner/python");

function recorder(interactive: boolean, env: NodeJS.ProcessEnv = {} as NodeJS.ProcessEnv) {
  const io = {
    err: "",
    stderr: (text: string) => {
      io.err += text;
    },
    env,
    interactive,
  };
  return io;
}

describe("one progress module for every long command", () => {
  test("a terminal gets a bar with the unit and the detail, cleared at the end", () => {
    const io = recorder(true);
    const progress = createProgress(io, "scan", { unit: "files" });
    progress.update(1, 4, "a.py");
    progress.update(4, 4, "d.py");
    progress.stop();
    expect(io.err).toContain("scan [");
    expect(io.err).toMatch(/\d+\/4 files \| ETA/);
    // clearOnComplete: the last thing written erases the line.
    expect(io.err.endsWith("\r\u001b[K") || io.err.includes("\u001b[2K") || io.err.includes("\r\u001b[0K")).toBe(true);
  });

  test("a pipe gets plain lines only when the command asks for them; CI and --no-progress get nothing", async () => {
    const silent = recorder(false);
    const scan = createProgress(silent, "scan", { unit: "files" });
    scan.update(1, 3, "a.py");
    scan.stop();
    expect(silent.err).toBe("");

    const piped = recorder(false);
    const backfill = createProgress(piped, "backfill", { unit: "commits", pipeEveryMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    backfill.update(1, 4, "abc1234 2026-03-01");
    expect(piped.err).toMatch(/^backfill: 1\/4 commits \(25%\), about \d+ s left, at abc1234 2026-03-01\n$/);

    const ciEnv: NodeJS.ProcessEnv = { NODE_ENV: "test", CI: "true" };
    const ci = recorder(false, ciEnv);
    createProgress(ci, "backfill", { unit: "commits", pipeEveryMs: 0 }).update(1, 4, "x");
    const off = recorder(true);
    createProgress(off, "backfill", { unit: "commits", enabled: false }).update(1, 4, "x");
    expect(ci.err + off.err).toBe("");
  });

  test("scan draws its progress through the module on a terminal, and prints nothing of it otherwise", async () => {
    const tty = capture();
    tty.interactive = true;
    expect(await main(["scan", FIXTURE, "--format", "json"], tty)).toBe(0);
    expect(tty.err).toMatch(/scan \[.*\] \d+% \| \d+\/\d+ files/);
    const pipe = capture();
    expect(await main(["scan", FIXTURE, "--format", "json"], pipe)).toBe(0);
    expect(pipe.err).not.toContain("scan [");
    expect(JSON.parse(tty.out)).toEqual(JSON.parse(pipe.out));
  });
});
