/**
 * `--to webhook`: the report as JSON to any receiver. With a secret, the body is signed the way
 * GitHub signs its webhooks: `X-Converge-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, so a
 * receiver recomputes it over the bytes it got and compares in constant time.
 */
import { createHmac, randomUUID } from "node:crypto";
import { SCANNER_VERSION } from "@/lib/version";
import type { LoadedReport } from "./report";
import type { OutgoingRequest } from "./transport";

export const SIGNATURE_HEADER = "x-converge-signature";

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** What a receiver gets: which project and week, the permalink, the markdown and the server's report JSON. */
export interface WebhookPayload {
  event: "digest";
  project: string;
  week: string;
  permalink: string;
  markdown: string;
  report: unknown;
}

export function webhookPayload(loaded: LoadedReport, week: string): WebhookPayload {
  return {
    event: "digest",
    project: loaded.report.project.slug,
    week,
    permalink: loaded.permalink,
    markdown: loaded.markdown,
    report: loaded.json,
  };
}

/**
 * The request: the body is serialized once and signed as those exact bytes. The delivery id stays
 * the same across retries, so a receiver can drop a repeat.
 */
export function webhookRequest(url: string, payload: WebhookPayload, secret: string | null): OutgoingRequest {
  const body = JSON.stringify(payload);
  return {
    method: "POST",
    url,
    headers: {
      "content-type": "application/json",
      "user-agent": `converge/${SCANNER_VERSION}`,
      "x-converge-event": payload.event,
      "x-converge-delivery": randomUUID(),
      ...(secret ? { [SIGNATURE_HEADER]: signBody(body, secret) } : {}),
    },
    body,
  };
}
