/**
 * Progress on stderr for long runs: a bar with ETA on a terminal (cli-progress), a plain line every
 * few seconds when stderr is a pipe or a file, and nothing in CI (the final summary says enough).
 */
import { SingleBar } from "cli-progress";

export interface ProgressSink {
  update(done: number, total: number, detail: string): void;
  stop(): void;
}

export interface ProgressIo {
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  interactive: boolean;
}

const NONE: ProgressSink = { update: () => undefined, stop: () => undefined };

export function createProgress(io: ProgressIo, label: string, options: { enabled?: boolean; everyMs?: number } = {}): ProgressSink {
  if (options.enabled === false) return NONE;
  if (io.interactive) {
    // cli-progress only needs write() and isTTY; writing through io keeps tests and callers in control.
    const stream = {
      isTTY: true,
      columns: process.stderr.columns ?? 80,
      write(text: string, callback?: () => void) {
        io.stderr(text);
        callback?.();
        return true;
      },
    };
    const bar = new SingleBar({
      stream: stream as unknown as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} commits | ETA {eta_formatted} | {detail}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    });
    let started = false;
    return {
      update(done, total, detail) {
        if (!started) {
          bar.start(total, 0, { detail });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { detail });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  if (io.env.CI) return NONE;
  const everyMs = options.everyMs ?? 5_000;
  let last = performance.now();
  const started = last;
  return {
    update(done, total, detail) {
      const now = performance.now();
      if (now - last < everyMs || done === total) return;
      last = now;
      const rate = done / ((now - started) / 1000);
      const eta = rate > 0 ? Math.round((total - done) / rate) : null;
      io.stderr(
        `${label}: ${done}/${total} commits (${Math.floor((done / total) * 100)}%)${eta !== null ? `, about ${eta} s left` : ""}, at ${detail}\n`,
      );
    },
    stop: () => undefined,
  };
}
