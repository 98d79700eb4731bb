// Worker entry: plain JS so it starts under tsx, vitest or bare node; it loads the TypeScript extractor.
import { parentPort, workerData } from "node:worker_threads";

async function loadExtractModule() {
  try {
    return await import("./extract.ts");
  } catch (error) {
    if (error?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    const { register } = await import("tsx/esm/api");
    register();
    // A failed import is cached per URL: load a distinct URL now that tsx is registered.
    return await import("./extract.ts?tsx");
  }
}

const { createMultiExtractor } = await loadExtractModule();
// One parse per file, every wanted family extracted from the same tree.
const extractor = await createMultiExtractor(workerData.families, workerData.tuning);
parentPort.on("message", (job) => {
  let results;
  try {
    results = extractor.extractFile(job.file, job.bytes, job.wanted);
  } catch (error) {
    results = job.wanted.map(() => ({
      file: job.file,
      language: null,
      status: "failed",
      issue: { kind: "failed", reason: `extraction error: ${error?.message ?? String(error)}` },
      members: [],
    }));
  }
  parentPort.postMessage({ id: job.id, results });
});
parentPort.postMessage({ ready: true });
