// Preloaded (`node --require`) into the processes scripts/start.ts runs: `next build` and `next start`.
// start.ts passes SIGTERM/SIGINT on, but if it dies without doing so (kill -9, or tsx's SIGKILL fallback
// when its child is slow to acknowledge a signal), the server would keep running and hold the port.
// So each child watches the pid that started it and, once that process is gone, stops itself the
// normal way (SIGTERM: Next.js closes the server and exits 143).
"use strict";
const parent = process.ppid;
const watch = setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    // ESRCH: gone. EPERM: the pid now belongs to another user's process, so ours is gone too.
    clearInterval(watch);
    process.kill(process.pid, "SIGTERM");
  }
}, 500);
watch.unref();
