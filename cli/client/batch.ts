/**
 * Posting scans to a Converge server in batches (the one place that does it): a project takes
 * single-family inventories, a repository takes portfolios (every family of one commit). Bodies are
 * NDJSON, gzipped; each request stays below the server's body cap (which counts decompressed bytes)
 * and is retried as every request is (`send`: backoff on network errors and 5xx, 429 paced).
 */
import { gzipSync } from "node:zlib";
import type { z } from "zod";
import {
  CommitListResponseSchema,
  INGEST_LIMITS,
  PortfolioBatchResponseSchema,
  PortfolioPostResponseSchema,
  RepositoryCommitsResponseSchema,
  ScanBatchResponseSchema,
  ScanPostResponseSchema,
} from "@/lib/contract/responses";
import { apiPath } from "@/lib/links";
import { readBody, send, ServerError, serverUrl, type PostResult, type RetryPolicy, type ServerTarget } from "./http";

/**
 * A batch's NDJSON (decompressed: the server's cap counts those bytes) stays well below the server's
 * batch cap (INGEST_LIMITS.batchBytes): a request is answered in seconds, and a retry resends little.
 */
export const BATCH_MAX_BYTES = Math.min(8 * 1024 * 1024, INGEST_LIMITS.batchBytes - 64 * 1024);
/** Commits per request: the server's transaction chunk (500), below its cap (INGEST_LIMITS.batchCommits). */
export const BATCH_MAX_COMMITS = Math.min(500, INGEST_LIMITS.batchCommits);

export interface RepositoryTarget {
  url: string;
  repository: string;
  /** The repository's ingest token (it opens every family's project too). */
  token: string | null;
  readToken: string | null;
}

/** Where scans go: a project (single-family inventories) or a repository (portfolios). */
export type ScanDestination = { kind: "project"; target: ServerTarget } | { kind: "repository"; target: RepositoryTarget };

export type CommitStatus = "created" | "existing" | "replaced";

export interface CommitOutcome {
  sha: string;
  status: CommitStatus;
}

/** The repositories' write API (a sibling of apiPath's project routes). */
const REPOSITORIES_API = "/api/v1/repositories";
export const repositoryWritePath = {
  scans: (slug: string, replace?: boolean) => `${REPOSITORIES_API}/${encodeURIComponent(slug)}/scans${replace ? "?replace=1" : ""}`,
  commits: (slug: string) => `${REPOSITORIES_API}/${encodeURIComponent(slug)}/commits`,
} as const;

function scansUrl(destination: ScanDestination, replace: boolean): string {
  return destination.kind === "project"
    ? serverUrl(destination.target, apiPath.projectScans(destination.target.project, { replace: replace ? 1 : undefined }))
    : serverUrl(destination.target, repositoryWritePath.scans(destination.target.repository, replace));
}

/** "project engines" / "repository netra": how messages name the destination. */
export function describeDestination(destination: ScanDestination): string {
  return destination.kind === "project" ? `project ${destination.target.project}` : `repository ${destination.target.repository}`;
}

function writeHeaders(token: string | null, contentType: string): Record<string, string> {
  if (!token) throw new ServerError("no ingest token: pass --token or set CONVERGE_TOKEN", null);
  return { authorization: `Bearer ${token}`, "content-type": contentType, accept: "application/json", "content-encoding": "gzip" };
}

/** One request: NDJSON lines (each one scan), gzipped. Returns the server's outcome per commit, in order. */
export async function postScanBatch(
  destination: ScanDestination,
  batch: ReadonlyArray<{ sha: string; json: string }>,
  retry?: RetryPolicy,
  options: { replace?: boolean } = {},
): Promise<CommitOutcome[]> {
  const body = gzipSync(Buffer.from(`${batch.map((item) => item.json).join("\n")}\n`));
  const response = await send(scansUrl(destination, options.replace === true), {
    method: "POST",
    headers: writeHeaders(destination.target.token, "application/x-ndjson"),
    body,
    retry,
  });
  const schema: z.ZodType<{ results: Array<{ sha: string; status: CommitStatus }> }> =
    destination.kind === "project" ? ScanBatchResponseSchema : PortfolioBatchResponseSchema;
  const { results } = readBody(response, schema, "the batch post");
  const sent = batch.map((item) => item.sha);
  if (results.length !== sent.length || results.some((result, index) => result.sha !== sent[index])) {
    throw new ServerError(
      `the server's answer to the batch post does not list the ${sent.length} commit(s) sent, in order (got ${results.length})`,
      response.status,
    );
  }
  return results.map(({ sha, status }) => ({ sha, status }));
}

/**
 * What the CLI reads of a single scan post to a project: the status code alone says stored (201) or
 * already there (200), so an empty body is accepted; fields that are there must have their types.
 */
const ProjectReplySchema = ScanPostResponseSchema.pick({ replaced: true })
  .extend({ url: ScanPostResponseSchema.shape.url.nullable() })
  .partial();

export interface ScanPostResult extends PostResult {
  /** A repository: each family's outcome, its project and the scan's page. */
  families?: Array<{ family: string; project: string; status: CommitStatus; url: string }>;
}

/**
 * One scan, as `scan --post` sends it: an inventory to a project, a portfolio to a repository (one
 * JSON body, gzipped; every family of the commit is stored in one transaction, or none).
 */
export async function postScan(
  destination: ScanDestination,
  scan: unknown,
  retry?: RetryPolicy,
  options: { replace?: boolean } = {},
): Promise<ScanPostResult> {
  const json = typeof scan === "string" ? scan : JSON.stringify(scan);
  const response = await send(scansUrl(destination, options.replace === true), {
    method: "POST",
    headers: writeHeaders(destination.target.token, "application/json"),
    body: gzipSync(Buffer.from(json)),
    retry,
  });
  if (destination.kind === "repository") {
    const reply = readBody(response, PortfolioPostResponseSchema, "the portfolio post");
    return { created: response.status === 201, replaced: reply.status === "replaced", url: null, families: reply.families };
  }
  const reply = response.text.trim() === "" ? {} : readBody(response, ProjectReplySchema, "the scan post");
  return {
    created: response.status === 201,
    replaced: reply.replaced === true,
    url: typeof reply.url === "string" ? new URL(reply.url, destination.target.url).toString() : null,
  };
}

/**
 * What the destination already stores, as a skip test for a resumed backfill: a project skips a
 * stored commit; a repository skips a commit only when every family of the commit's plan has it.
 */
export async function fetchStoredCommits(
  destination: ScanDestination,
  retry?: RetryPolicy,
): Promise<(sha: string, families: readonly string[] | null) => boolean> {
  const target = destination.target;
  const headers = { accept: "application/json", ...(target.readToken ? { authorization: `Bearer ${target.readToken}` } : {}) };
  if (destination.kind === "project") {
    const response = await send(serverUrl(target, apiPath.projectScans(destination.target.project, { fields: "sha" })), {
      method: "GET",
      headers,
      retry,
    });
    const stored = new Set(readBody(response, CommitListResponseSchema, "?fields=sha").commits);
    return (sha) => stored.has(sha);
  }
  // The repository's own token reads its commits on a private instance too.
  const auth = target.readToken ?? target.token;
  const response = await send(serverUrl(target, repositoryWritePath.commits(destination.target.repository)), {
    method: "GET",
    headers: { accept: "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    retry,
  });
  const stored = new Map(
    readBody(response, RepositoryCommitsResponseSchema, "the stored commits").commits.map((c) => [c.sha, new Set(c.families)]),
  );
  return (sha, families) => {
    const have = stored.get(sha);
    return families?.every((family) => have?.has(family) === true) ?? false;
  };
}

export interface BatchFailure {
  /** The commits of the refused request, in order. */
  shas: string[];
  error: ServerError;
}

export interface PosterOptions {
  retry?: RetryPolicy | undefined;
  replace?: boolean;
  maxCommits?: number;
  maxBytes?: number;
}

/**
 * Collects scans in commit order and posts them in batches (by count and by bytes), one request in
 * flight while the next batch fills. After a refusal nothing more is sent: what was stored before it
 * stays, and a re-run resumes from there.
 */
export class ScanPoster {
  readonly outcomes: CommitOutcome[] = [];
  failure: BatchFailure | null = null;
  private pending: Array<{ sha: string; json: string }> = [];
  private pendingBytes = 0;
  private inFlight: Promise<void> | null = null;
  private readonly maxCommits: number;
  private readonly maxBytes: number;

  constructor(
    private readonly destination: ScanDestination,
    private readonly options: PosterOptions = {},
  ) {
    this.maxCommits = options.maxCommits ?? BATCH_MAX_COMMITS;
    this.maxBytes = options.maxBytes ?? BATCH_MAX_BYTES;
  }

  /** Queues one scan (serialized); false once a batch was refused (stop scanning). */
  async add(sha: string, json: string): Promise<boolean> {
    if (this.failure) return false;
    const bytes = Buffer.byteLength(json) + 1;
    if (this.pending.length > 0 && this.pendingBytes + bytes > this.maxBytes) await this.flush();
    this.pending.push({ sha, json });
    this.pendingBytes += bytes;
    if (this.pending.length >= this.maxCommits) await this.flush();
    return this.failure === null;
  }

  /** Sends what is queued and waits for every request. */
  async finish(): Promise<void> {
    if (this.pending.length > 0 && !this.failure) await this.flush();
    await this.settle();
  }

  /** Counts per status, e.g. `{ created: 6, existing: 0, replaced: 0 }`. */
  counts(): Record<CommitStatus, number> {
    const counts: Record<CommitStatus, number> = { created: 0, existing: 0, replaced: 0 };
    for (const outcome of this.outcomes) counts[outcome.status]++;
    return counts;
  }

  private async settle(): Promise<void> {
    const running = this.inFlight;
    this.inFlight = null;
    if (running) await running;
  }

  /** Starts the queued batch once the previous one is answered: batches reach the server in commit order. */
  private async flush(): Promise<void> {
    await this.settle();
    if (this.failure || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.inFlight = postScanBatch(this.destination, batch, this.options.retry, { replace: this.options.replace }).then(
      (outcomes) => {
        this.outcomes.push(...outcomes);
      },
      (error: unknown) => {
        if (!(error instanceof ServerError)) throw error;
        this.failure = { shas: batch.map((item) => item.sha), error };
      },
    );
  }
}
