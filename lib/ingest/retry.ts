import { Prisma } from "@/lib/db/generated/sqlite/client";

/** The driver's error kind, also for raw queries (Prisma reports those as P2010 with the kind in meta). */
function driverErrorKind(error: unknown): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const byCode: Record<string, string> = { P2002: "UniqueConstraintViolation", P2034: "TransactionWriteConflict", P1008: "SocketTimeout" };
  const known = byCode[error.code];
  if (known) return known;
  const cause = (error.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined)?.driverAdapterError?.cause;
  return typeof cause?.kind === "string" ? cause.kind : null;
}

export function isUniqueViolation(error: unknown): boolean {
  return driverErrorKind(error) === "UniqueConstraintViolation";
}

/**
 * Worth running the whole transaction again: a PostgreSQL deadlock or serialization failure, or a
 * SQLite write lock still held by another process after the busy timeout.
 */
export function isTransient(error: unknown): boolean {
  const kind = driverErrorKind(error);
  return kind === "TransactionWriteConflict" || kind === "SocketTimeout";
}

export const WRITE_ATTEMPTS = 4;

/** A short random pause before the next attempt, so racing writers do not collide again in step. */
export function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
}
