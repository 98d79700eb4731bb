// Runs once when a Next.js server process starts, before it serves a request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Stamp each request with its socket's address (lib/auth/client-address.ts explains why).
  const { installPeerStamp } = await import("@/lib/auth/client-address");
  installPeerStamp();
}
