import { clientAddress } from "@/lib/auth/client-address";
import { failedSignInRefusal } from "@/lib/auth/read-access";
import { IngestPortfolioSchema, type CommittedPortfolio } from "@/lib/contract/inventory";
import {
  INGEST_LIMITS,
  PortfolioBatchResponseSchema,
  PortfolioPostResponseSchema,
  RepositoryCommitsResponseSchema,
  type PortfolioResult,
} from "@/lib/contract/responses";
import type { Db } from "@/lib/db/client";
import {
  authorizeRepositoryWrite,
  getRepositoryIdBySlug,
  ingestPortfolioBatch,
  IngestRejected,
  listRepositoryCommits,
  portfolioIssues,
  submitWrite,
  type IngestRepository,
  type StoredPortfolio,
} from "@/lib/ingest";
import { scanHref } from "@/lib/links";
import { parseQuery } from "./handler";
import { bearerToken, parseIngestBody } from "./request";
import { forbidden, notFound, respond, tooManyRequests, unauthorized } from "./response";
import { busy, PostParams, rejected, statusCounts } from "./scans";

/** The repository write routes' translation of an authorization into the repository, or the one error body. */
export async function authorizeRepository(
  db: Db,
  request: Request,
  slug: string,
): Promise<{ ok: true; repository: IngestRepository } | { ok: false; response: Response }> {
  const auth = await authorizeRepositoryWrite(db, { token: bearerToken(request), address: clientAddress(request) }, slug);
  switch (auth.kind) {
    case "authorized":
      return { ok: true, repository: auth.repository };
    case "missing-token":
      return { ok: false, response: unauthorized("send Authorization: Bearer <repository token>") };
    case "invalid-token":
      return {
        ok: false,
        response: unauthorized("the token is not valid for this repository (unknown repository, or a wrong, rotated or revoked token)"),
      };
    case "other-project":
      return { ok: false, response: forbidden(`this token belongs to another repository or project, not to "${slug}"`) };
    case "rate-limited":
      return { ok: false, response: tooManyRequests(auth.retryAfterSeconds) };
    case "too-many-failures":
      return { ok: false, response: failedSignInRefusal(auth.retryAfterSeconds) };
  }
}

function withUrls(stored: StoredPortfolio): PortfolioResult {
  return { ...stored, families: stored.families.map((family) => ({ ...family, url: scanHref(family.project, stored.sha) })) };
}

/**
 * POST /api/v1/repositories/{repo}/scans[?replace=1] with the repository token: one portfolio (201 when
 * any family's scan was written, else 200), or a batch (JSON array or NDJSON; 200 with one result per
 * commit). The whole body is validated first; each commit is one transaction, all families or none.
 */
export async function handleRepositoryScanPost(db: Db, request: Request, slug: string): Promise<Response> {
  const auth = await authorizeRepository(db, request, slug);
  if (!auth.ok) return auth.response;
  const query = parseQuery(request, PostParams);
  if (!query.ok) return query.response;
  const body = await parseIngestBody(request, IngestPortfolioSchema, {
    singleBytes: INGEST_LIMITS.singleBytes,
    batchBytes: INGEST_LIMITS.batchBytes,
    batchItems: INGEST_LIMITS.batchCommits,
  });
  if (!body.ok) return body.response;
  const batch = body.value.kind === "batch";
  const portfolios: CommittedPortfolio[] = body.value.kind === "batch" ? body.value.values : [body.value.value];
  const issues = portfolioIssues(auth.repository.slug, portfolios, (index) => (batch ? `[${index}].` : ""));
  if (issues.length > 0) return rejected(issues);
  let submitted: Awaited<ReturnType<typeof submitWrite<StoredPortfolio[]>>>;
  try {
    submitted = await submitWrite(() => ingestPortfolioBatch(db, auth.repository, portfolios, { replace: query.value.replace }));
  } catch (error) {
    if (error instanceof IngestRejected) return rejected(error);
    throw error;
  }
  if (submitted.kind === "busy") return busy();
  const results = submitted.value.map(withUrls);
  if (batch) return respond(PortfolioBatchResponseSchema, { results, counts: statusCounts(results.map((result) => result.status)) });
  const [result] = results;
  if (!result) throw new Error("a portfolio post stored no result");
  return respond(PortfolioPostResponseSchema, result, { status: result.status === "created" ? 201 : 200 });
}

/** GET /api/v1/repositories/{repo}/commits: the commits stored for each family (a backfill skips what is here). */
export async function handleRepositoryCommitsGet(db: Db, slug: string): Promise<Response> {
  const repositoryId = await getRepositoryIdBySlug(db, slug);
  if (repositoryId === null) return notFound(`no repository "${slug}"`);
  return respond(RepositoryCommitsResponseSchema, { commits: await listRepositoryCommits(db, repositoryId) });
}
