// Small HTTP helpers for the server-level hardening tests (real `next start`, loopback only).
import { request as httpRequest } from "node:http";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { CommittedInventory } from "@/lib/contract/inventory";
import type { Db } from "@/lib/db/client";
import { createProject } from "@/lib/ingest";

export interface Posted {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function postScan(
  baseUrl: string,
  slug: string,
  token: string,
  inventory: CommittedInventory | string,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const response = await fetch(`${baseUrl}/api/v1/projects/${slug}/scans`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: typeof inventory === "string" ? inventory : JSON.stringify(inventory),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text so a test can show it
  }
  return { status: response.status, body, headers: response.headers };
}

export async function seedProject(db: Db, slug: string): Promise<{ id: number; slug: string; token: string }> {
  const token = generateToken();
  const project = await createProject(db, { slug, name: slug, repoUrl: null, tokenHash: hashToken(token) });
  return { id: project.id, slug, token };
}

export function tally(statuses: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

export interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request from a chosen loopback source address (fetch cannot pick one), so tests can act as
 * several clients: 127.0.0.2, 127.0.0.3, … all reach a server listening on 127.0.0.1.
 */
export function sendFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { localAddress, method: options.method ?? "GET", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    request.on("error", reject);
    request.end(options.body);
  });
}
