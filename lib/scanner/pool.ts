import { Worker } from "node:worker_threads";
import type { ExtractorTuning } from "./extract";
import type { ExtractOptions, FileExtraction } from "./types";

interface Job {
  id: number;
  file: string;
  bytes: Uint8Array;
  /** The families (indexes into the pool's) to extract: one result each, in this order. */
  wanted: readonly number[];
  resolve: (results: FileExtraction[]) => void;
}

/** A queued job the caller runs itself. */
export type StolenJob = Pick<Job, "file" | "bytes" | "wanted" | "resolve">;

interface Slot {
  worker: Worker;
  busy: Job | null;
  alive: boolean;
}

/**
 * A small worker_threads pool that runs the multi extractor off the main thread, one job per worker
 * at a time: each job is one file, parsed once, with the families it wants extracted from it.
 */
export class MultiExtractPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  /** Files the workers extracted (the rest of what was queued, the caller took with steal()). */
  workerExtracted = 0;
  private readonly ready: Promise<void>;

  constructor(families: readonly ExtractOptions[], size: number, tuning: ExtractorTuning = {}) {
    const url = new URL("./worker.mjs", import.meta.url);
    const readies: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData: { families, tuning } });
      const slot: Slot = { worker, busy: null, alive: true };
      this.slots.push(slot);
      readies.push(
        new Promise<void>((resolve, reject) => {
          worker.once("error", reject);
          worker.on("message", (msg: { ready?: boolean; id?: number; results?: FileExtraction[] }) => {
            if (msg.ready) {
              worker.off("error", reject);
              worker.on("error", (error) => this.fail(slot, error));
              resolve();
              this.pump();
              return;
            }
            const job = slot.busy;
            slot.busy = null;
            if (job && msg.results) {
              this.workerExtracted++;
              job.resolve(msg.results);
            }
            this.pump();
          });
        }),
      );
      worker.on("exit", () => {
        if (slot.alive) this.fail(slot, new Error("worker exited"));
      });
    }
    this.ready = Promise.all(readies).then(() => undefined);
  }

  /** Resolves when every worker has loaded its parsers; rejects if one failed to start. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  run(file: string, bytes: Uint8Array, wanted: readonly number[]): Promise<FileExtraction[]> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, file, bytes, wanted, resolve });
      this.pump();
    });
  }

  /** Takes a queued job for the caller to run itself (the main thread helps once it has read every file). */
  steal(): StolenJob | undefined {
    return this.queue.shift();
  }

  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.alive || slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.busy = job;
      slot.worker.postMessage({ id: job.id, file: job.file, bytes: job.bytes, wanted: job.wanted });
    }
    if (this.queue.length > 0 && this.slots.every((s) => !s.alive)) {
      for (const job of this.queue.splice(0)) job.resolve(job.wanted.map(() => crashed(job.file, "no extraction worker is left")));
    }
  }

  private fail(slot: Slot, error: Error): void {
    slot.alive = false;
    const job = slot.busy;
    slot.busy = null;
    if (job) job.resolve(job.wanted.map(() => crashed(job.file, `extraction worker crashed (${error.message})`)));
    this.pump();
  }

  async close(): Promise<void> {
    for (const slot of this.slots) slot.alive = false;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** One family's pool: a multi pool of that family. */
export class ExtractPool {
  private readonly multi: MultiExtractPool;

  constructor(options: ExtractOptions, size: number, tuning: ExtractorTuning = {}) {
    this.multi = new MultiExtractPool([options], size, tuning);
  }

  get workerExtracted(): number {
    return this.multi.workerExtracted;
  }

  whenReady(): Promise<void> {
    return this.multi.whenReady();
  }

  run(file: string, bytes: Uint8Array): Promise<FileExtraction> {
    return this.multi.run(file, bytes, ONLY).then((results) => results[0] as FileExtraction);
  }

  steal(): { file: string; bytes: Uint8Array; resolve: (result: FileExtraction) => void } | undefined {
    const job = this.multi.steal();
    return job && { file: job.file, bytes: job.bytes, resolve: (result) => job.resolve([result]) };
  }

  get pending(): number {
    return this.multi.pending;
  }

  close(): Promise<void> {
    return this.multi.close();
  }
}

const ONLY = [0] as const;

/** A failure of the worker, not of the file's bytes: never cached as the file's result. */
export function isWorkerFailure(extraction: FileExtraction): boolean {
  return extraction.status === "failed" && /^(extraction worker crashed|no extraction worker is left)/.test(extraction.issue?.reason ?? "");
}

function crashed(file: string, reason: string): FileExtraction {
  return { file, language: null, status: "failed", issue: { kind: "failed", reason }, members: [] };
}
