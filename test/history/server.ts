// A real HTTP server on 127.0.0.1 in front of the real ingest handler and queries, on a real store:
// the CLI's posting, resuming and baseline reads are tested end to end without `next build`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { handleScanPost, handleScansDelete } from "@/lib/api/scans";
import { createProject } from "@/lib/ingest";
import { getProject, getProjectCommitShas, getProjectScans, getScanDetail } from "@/lib/queries";

export interface Exchange {
  method: string;
  path: string;
  status: number;
}

/** Returns a Response to answer instead of the real handler, or null to let it through. */
export type Interceptor = (request: Request, log: readonly Exchange[]) => Response | null | Promise<Response | null>;

export interface IngestServer {
  url: string;
  token: string;
  slug: string;
  log: Exchange[];
  intercept: Interceptor | null;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const body = chunks.length > 0 && req.method !== "GET" ? Uint8Array.from(Buffer.concat(chunks)) : undefined;
  return new Request(new URL(req.url ?? "/", base), { method: req.method, headers, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function route(db: Db, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const match = /^\/api\/v1\/projects\/([^/]+)\/scans(?:\/([0-9a-f]+))?$/.exec(url.pathname);
  if (!match) return Response.json({ error: { code: "not_found", message: "no route", status: 404 } }, { status: 404 });
  const slug = decodeURIComponent(match[1] as string);
  if (request.method === "POST" && !match[2]) return handleScanPost(db, request, slug);
  if (request.method === "DELETE" && !match[2]) return handleScansDelete(db, request, slug);
  const project = await getProject(db, slug);
  if (!project) return Response.json({ error: { code: "not_found", message: `no project "${slug}"`, status: 404 } }, { status: 404 });
  if (match[2]) {
    const scan = await getScanDetail(db, project.id, match[2]);
    if (!scan)
      return Response.json({ error: { code: "not_found", message: `no scan of commit ${match[2]}`, status: 404 } }, { status: 404 });
    return Response.json({ scan });
  }
  if (url.searchParams.get("fields") === "sha") return Response.json({ commits: await getProjectCommitShas(db, project.id) });
  const scans = await getProjectScans(db, project.id, {
    limit: Number(url.searchParams.get("limit") ?? 100),
    branch: url.searchParams.get("branch") ?? undefined,
  });
  return Response.json({ scans });
}

export async function startIngestServer(db: Db, slug = "engines"): Promise<IngestServer> {
  const token = generateToken();
  await createProject(db, { slug, name: "Engines", repoUrl: null, tokenHash: hashToken(token) });
  const log: Exchange[] = [];
  let server: Server;
  const state: IngestServer = {
    url: "",
    token,
    slug,
    log,
    intercept: null,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server = createServer((req, res) => {
    void (async () => {
      const request = await toRequest(req, state.url);
      let response = state.intercept ? await state.intercept(request, log) : null;
      response ??= await route(db, request);
      log.push({ method: request.method, path: new URL(request.url).pathname + new URL(request.url).search, status: response.status });
      await send(res, response);
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
