/**
 * Peak resident memory while a task runs: sampled every 10 ms (worker threads share the process, so
 * they are included), plus a reading at the end for stretches where the main thread was busy.
 */
export async function withPeakRss<T>(task: () => Promise<T>): Promise<{ result: T; peakRss: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    const result = await task();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

/** The process's high-water mark since it started (covers moments no sample saw). */
export function maxRssSoFar(): number {
  return process.resourceUsage().maxRSS * 1024;
}
