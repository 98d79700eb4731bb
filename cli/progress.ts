/**
 * Progress on stderr for every long command (scan, backfill), one look everywhere: a bar with ETA on
 * a terminal (cli-progress), cleared when the command is done. When stderr is a pipe or a file, a
 * command that runs for minutes may ask for a plain line every few seconds instead; in CI nothing is
 * printed (the final summary says enough).
 */
import { Writable } from "node:stream";
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

export interface ProgressOptions {
  /** What is counted: "files", "commits". */
  unit: string;
  /** false: no progress at all (`--no-progress`). */
  enabled?: boolean;
  /** On a non-terminal stderr (outside CI), a plain line this often; absent: nothing. */
  pipeEveryMs?: number;
}

const NONE: ProgressSink = { update: () => undefined, stop: () => undefined };

export function createProgress(io: ProgressIo, label: string, options: ProgressOptions): ProgressSink {
  if (options.enabled === false) return NONE;
  if (io.interactive) return terminalBar(io, label, options.unit);
  if (io.env.CI || options.pipeEveryMs === undefined) return NONE;
  return plainLines(io, label, options.unit, options.pipeEveryMs);
}

/**
 * What cli-progress draws on: a terminal as far as it can tell (isTTY, columns), whose writes go through
 * io, which keeps tests and callers in control. Strings are passed as they are, synchronously.
 */
class TerminalWriter extends Writable {
  readonly isTTY = true;
  readonly columns = process.stderr.columns ?? 80;

  constructor(private readonly io: Pick<ProgressIo, "stderr">) {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.io.stderr(String(chunk));
    done();
  }
}

function terminalBar(io: ProgressIo, label: string, unit: string): ProgressSink {
  const bar = new SingleBar({
    stream: new TerminalWriter(io),
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted} | {detail}`,
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

function plainLines(io: ProgressIo, label: string, unit: string, everyMs: number): ProgressSink {
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
        `${label}: ${done}/${total} ${unit} (${Math.floor((done / total) * 100)}%)${eta !== null ? `, about ${eta} s left` : ""}, at ${detail}\n`,
      );
    },
    stop: () => undefined,
  };
}
