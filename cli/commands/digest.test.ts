// `converge digest` as a user runs it: a real CLI process, a real Converge server (next start on a
// migrated SQLite store, a project with two weekly scans, a read token) and local stand-ins for
// GitHub, Slack and a webhook receiver that record what they got.
import { spawn } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { createProject } from "@/lib/ingest";
import { SCANNER_VERSION } from "@/lib/version";
import { fakeSha, makeInventory } from "@/test/factories/inventory";
import { fakeGithub, fakeSlack, fakeWebhook, type FakeGithub, type Recorded } from "@/test/digest/receivers";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/database";
import { startServer, type TestServer } from "@/test/helpers/server";

const ROOT = join(import.meta.dirname, "..", "..");
const READ_TOKEN = "cvg-read-token-for-digest-tests";
const GITHUB_TOKEN = "ghp_digestTestToken0123456789abcdefABCDEF";
const SLUG = "engines";
const HOSTILE_NAME = "Engines <!channel> & <https://evil.example|click>";
const HOSTILE_MESSAGE = "Merge pull request #1042 from org/<!here>\n\nremove <https://evil.example|adapters> & co";
const HOSTILE_NOTE = "Adapters <!subteam^S1> & <https://evil.example|merged>";
const OLD_SHA = fakeSha("digest-week-48");
const NEW_SHA = fakeSha("digest-week-49");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real CLI as a process, through the package's bin (async: the fake receivers live in this process and must keep answering). */
function converge(args: string[], env: Record<string, string> = {}, cwd: string = tmpdir()): Promise<Run> {
  // Only what the test passes: no CONVERGE_* or GITHUB_TOKEN of the machine running the tests.
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(childEnv)) if (name.startsWith("CONVERGE_") || name === "GITHUB_TOKEN") delete childEnv[name];
  Object.assign(childEnv, { CI: "1" }, env);
  const child = spawn(process.execPath, [join(ROOT, "bin/converge.mjs"), "digest", ...args], {
    cwd,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

/** POST JSON with the project's ingest token (scans, annotations); the status tells the test it was stored. */
async function postJson(url: string, token: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

const json = (request: Recorded) => JSON.parse(request.raw.toString("utf8")) as Record<string, unknown>;

describe("converge digest against a real server", () => {
  let store: TestDatabase;
  let server: TestServer;
  let github: FakeGithub;
  let markdown: string;
  const serverEnv = () => ({ CONVERGE_URL: server.url, CONVERGE_READ_TOKEN: READ_TOKEN });
  const issueUrl = "https://github.com/org/repo/issues/7";

  beforeAll(async () => {
    store = await createTestDatabase("sqlite");
    server = await startServer({ databaseUrl: store.url, env: { CONVERGE_READ_TOKEN: READ_TOKEN } });
    const token = generateToken();
    await createProject(store.db, { slug: SLUG, name: HOSTILE_NAME, repoUrl: null, tokenHash: hashToken(token) });
    const before = makeInventory({
      sha: OLD_SHA,
      date: "2026-11-24T10:00:00Z",
      target: 3,
      memberNames: ["UserExecutionEngine", "AlphaExecutionEngine", "BetaExecutionEngine", "GammaExecutionEngine", "DeltaExecutionEngine"],
    });
    const after = makeInventory({
      sha: NEW_SHA,
      date: "2026-12-01T10:00:00Z",
      target: 3,
      memberNames: ["UserExecutionEngine", "AlphaExecutionEngine", "BetaExecutionEngine"],
    });
    const api = `${server.url}/api/v1/projects/${SLUG}`;
    expect(await postJson(`${api}/scans`, token, before)).toBe(201);
    expect(await postJson(`${api}/scans`, token, { ...after, commit: { ...after.commit, message: HOSTILE_MESSAGE } })).toBe(201);
    expect(await postJson(`${api}/annotations`, token, { date: "2026-11-28", text: HOSTILE_NOTE })).toBe(201);
    const md = await fetch(`${server.url}/api/v1/projects/${SLUG}/report?format=md`, {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    expect(md.status).toBe(200);
    markdown = await md.text();
    github = await fakeGithub("org", "repo", GITHUB_TOKEN);
  }, 600_000);

  afterAll(async () => {
    await github?.close();
    await server?.stop();
    await store?.dispose();
  });

  const toIssue = (env: Record<string, string>, extra: string[] = []) =>
    converge(["--project", SLUG, "--to", "github-issue", "--issue", issueUrl, "--github-api", github.url, ...extra], {
      ...serverEnv(),
      GITHUB_TOKEN,
      ...env,
    });

  test("github-issue: creates this week's comment, edits it in the same week, adds a new one in the next week", async () => {
    // A busy thread: 120 comments (two pages of 100), among them last week's digest and another project's.
    for (let i = 0; i < 118; i++) github.addComment(7, `comment ${i}`);
    github.addComment(7, "<!-- converge-digest project=engines week=2026-W48 -->\nlast week", "github-actions[bot]");
    github.addComment(7, "<!-- converge-digest project=other week=2026-W49 -->\nanother project", "github-actions[bot]");
    const marker = "<!-- converge-digest project=engines week=2026-W49 -->";

    const first = await toIssue({ CONVERGE_DIGEST_NOW: "2026-12-02T09:00:00Z" });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const reads = github.requests.filter((r) => r.method === "GET");
    expect(reads.map((r) => r.path)).toEqual([
      "/repos/org/repo/issues/7/comments?per_page=100",
      "/repositories/4242/issues/7/comments?per_page=100&page=2",
    ]);
    const [created] = github.writes();
    expect(created?.method).toBe("POST");
    expect(created?.path).toBe("/repos/org/repo/issues/7/comments");
    for (const request of [...reads, created as Recorded]) {
      expect(request.headers.accept).toBe("application/vnd.github+json");
      expect(request.headers["x-github-api-version"]).toBe("2022-11-28");
      expect(request.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
    }
    expect(created?.headers["content-type"]).toBe("application/json");
    expect(json(created as Recorded)).toEqual({ body: `${marker}\n${markdown}` });
    const comments = () => github.comments.get(7) ?? [];
    expect(comments()).toHaveLength(121);
    const ours = comments().at(-1);
    expect(first.stdout).toBe(`created the 2026-W49 digest comment on org/repo#7: ${ours?.html_url}\n`);

    const again = await toIssue({ CONVERGE_DIGEST_NOW: "2026-12-06T23:59:00Z" });
    expect(again.code).toBe(0);
    const edit = github.writes()[1];
    expect(edit?.method).toBe("PATCH");
    expect(edit?.path).toBe(`/repos/org/repo/issues/comments/${ours?.id}`);
    expect(edit?.headers.authorization).toBe(`Bearer ${GITHUB_TOKEN}`);
    expect(json(edit as Recorded)).toEqual({ body: `${marker}\n${markdown}` });
    expect(comments()).toHaveLength(121);
    expect(again.stdout).toBe(`updated the 2026-W49 digest comment on org/repo#7: ${ours?.html_url}\n`);

    // --at a date files the digest under that date's week (here the same W49 comment is edited).
    const pinned = await toIssue({}, ["--at", "2026-12-01"]);
    expect(pinned.code).toBe(0);
    expect(github.writes()[2]?.path).toBe(`/repos/org/repo/issues/comments/${ours?.id}`);

    const nextWeek = await toIssue({ CONVERGE_DIGEST_NOW: "2026-12-07T00:00:01Z" });
    expect(nextWeek.code).toBe(0);
    const added = github.writes()[3];
    expect(added?.method).toBe("POST");
    expect(json(added as Recorded)).toEqual({ body: `<!-- converge-digest project=engines week=2026-W50 -->\n${markdown}` });
    expect(comments()).toHaveLength(122);
    expect(comments().filter((c) => c.body.includes("project=engines week=2026-W49"))).toHaveLength(1);
  });

  test("github-issue: the issue comes from the config by default; --dry-run prints the write with the token masked", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "converge-digest-"));
    try {
      writeFileSync(
        join(cwd, "converge.config.json"),
        JSON.stringify({ pattern: "ExecutionEngine", issue: "https://github.com/org/repo/issues/9" }),
      );
      const writes = github.writes().length;
      const dry = await converge(
        ["--project", SLUG, "--to", "github-issue", "--github-api", github.url, "--dry-run"],
        { ...serverEnv(), GITHUB_TOKEN, CONVERGE_DIGEST_NOW: "2026-12-02T09:00:00Z" },
        cwd,
      );
      expect(dry.stderr).toBe("");
      expect(dry.code).toBe(0);
      expect(github.writes()).toHaveLength(writes);
      expect(github.requests.at(-1)?.path).toBe("/repos/org/repo/issues/9/comments?per_page=100");
      const body = JSON.stringify({ body: `<!-- converge-digest project=engines week=2026-W49 -->\n${markdown}` });
      expect(dry.stdout).toBe(
        [
          `POST ${github.url}/repos/org/repo/issues/9/comments`,
          "accept: application/vnd.github+json",
          "authorization: Bearer ***",
          "content-type: application/json",
          `user-agent: converge/${SCANNER_VERSION}`,
          "x-github-api-version: 2022-11-28",
          "",
          body,
          "dry run: would create the 2026-W49 digest comment on org/repo#9",
          "",
        ].join("\n"),
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test("a 401 exits 2 with the server's message and never prints the token", async () => {
    const wrong = "ghp_wrongTokenThatMustNotLeak0123456789";
    const denied = await toIssue({ GITHUB_TOKEN: wrong, CONVERGE_DIGEST_NOW: "2026-12-02T09:00:00Z" });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toBe("ERROR: GitHub: 401 Bad credentials\n");
    expect(denied.stdout + denied.stderr).not.toContain(wrong);

    const badRead = "cvg-wrong-read-token-0123456789";
    const unread = await toIssue({ CONVERGE_READ_TOKEN: badRead });
    expect(unread.code).toBe(2);
    expect(unread.stderr).toMatch(/^ERROR: 401 \S.*\n$/);
    expect(unread.stdout + unread.stderr).not.toContain(badRead);
    expect(unread.stdout + unread.stderr).not.toContain(GITHUB_TOKEN);

    const missing = await converge(["--project", SLUG, "--to", "github-issue", "--issue", issueUrl], serverEnv());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("ERROR: GITHUB_TOKEN is not set: --to github-issue needs a token that can comment on org/repo\n");
  });

  test("slack: text and blocks with status, count / target, changes and the permalink; hostile text escaped; 5xx and 429 retried", async () => {
    const slack = await fakeSlack();
    try {
      slack.answers.push(
        { status: 503, text: "service_unavailable" },
        { status: 429, text: "rate_limited", headers: { "retry-after": "0" } },
      );
      const run = await converge(["--project", SLUG, "--to", "slack", "--webhook", slack.hookUrl], {
        ...serverEnv(),
        CONVERGE_DIGEST_NOW: "2026-12-02T09:00:00Z",
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toBe("posted the 2026-W49 digest to Slack\n");
      expect(run.stdout).not.toContain("s3cret");
      expect(slack.requests).toHaveLength(3);
      const last = slack.requests[2] as Recorded;
      expect(last.method).toBe("POST");
      expect(last.path).toBe("/services/T0CONVERGE/B0DIGEST/s3cretSlackHookPath0123");
      expect(last.headers["content-type"]).toBe("application/json");
      const raw = last.raw.toString("utf8");
      // Nothing from the repository can mention a channel or smuggle a link.
      expect(raw).not.toMatch(/<!channel>|<!here>|<!subteam|<https:\/\/evil/);
      const message = JSON.parse(raw) as { text: string; blocks: Array<Record<string, unknown>> };
      const safeName = "Engines &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;";
      expect(message.text).toBe(`${safeName}: 3 / 3 names · Done`);
      expect(message.blocks.map((block) => block.type)).toEqual(["header", "section", "section", "section", "context", "section"]);
      expect(message.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: `${safeName}: 3 / 3 names`, emoji: false } });
      expect(message.blocks[1]).toEqual({
        type: "section",
        fields: [
          { type: "mrkdwn", text: "*Status*\nDone" },
          { type: "mrkdwn", text: "*Count toward target*\n3 / 3 names · 3 names (3 definitions)" },
          { type: "mrkdwn", text: "*Change since 2026-11-24*\n−2 (5 → 3)" },
          { type: "mrkdwn", text: "*Week*\n2026-W49" },
        ],
      });
      expect(message.blocks[2]).toEqual({
        type: "section",
        text: { type: "mrkdwn", text: "*What changed since 2026-11-24*\n• Removed (2): DeltaExecutionEngine, GammaExecutionEngine" },
      });
      // The week's events (annotations, as the report lists them): the merged pull request and the posted note.
      const events = (message.blocks[3] as { text: { type: string; text: string } }).text;
      expect(events.type).toBe("mrkdwn");
      const eventLines = events.text.split("\n");
      expect(eventLines[0]).toBe("*This week*");
      expect(eventLines).toContain("• Adapters &lt;!subteam^S1&gt; &amp; &lt;https://evil.example|merged&gt;");
      expect(eventLines.some((line) => /^• .*#1042/.test(line))).toBe(true);
      expect(message.blocks[4]).toEqual({
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Scan ${NEW_SHA.slice(0, 7)} (2026-12-01): Merge pull request #1042 from org/&lt;!here&gt; · compared with ${OLD_SHA.slice(0, 7)} (2026-11-24)`,
          },
        ],
      });
      const permalink = `${server.url}/p/${SLUG}/report?at=${NEW_SHA}&amp;since=${OLD_SHA}`;
      expect(message.blocks[5]).toEqual({ type: "section", text: { type: "mrkdwn", text: `<${permalink}|Open the weekly report>` } });

      slack.answers.push({ status: 400, text: "invalid_blocks" });
      const refused = await converge(["--project", SLUG, "--to", "slack", "--webhook", slack.hookUrl], serverEnv());
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe("ERROR: Slack: 400 invalid_blocks\n");
      expect(slack.requests).toHaveLength(4);

      const dry = await converge(["--project", SLUG, "--to", "slack", "--webhook", slack.hookUrl, "--dry-run"], serverEnv());
      expect(dry.code).toBe(0);
      expect(dry.stdout.split("\n", 1)[0]).toBe(`POST ${slack.url}/***`);
      expect(dry.stdout).not.toContain("s3cretSlackHookPath0123");
      expect(slack.requests).toHaveLength(4);
    } finally {
      await slack.close();
    }
  }, 60_000);

  test("webhook: the report as JSON, signed with an HMAC of the raw body that verifies; unsigned without a secret", async () => {
    const receiver = await fakeWebhook();
    const secret = "whsec-digest-signing-key";
    try {
      const url = `${receiver.url}/hooks/converge`;
      const run = await converge(["--project", SLUG, "--to", "webhook", "--webhook", url, "--secret", secret], {
        ...serverEnv(),
        CONVERGE_DIGEST_NOW: "2026-12-02T09:00:00Z",
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`delivered the 2026-W49 digest to ${url} (204)\n`);
      const [delivery] = receiver.requests;
      expect(delivery?.method).toBe("POST");
      expect(delivery?.path).toBe("/hooks/converge");
      expect(delivery?.headers["content-type"]).toBe("application/json");
      expect(delivery?.headers["x-converge-event"]).toBe("digest");
      expect(delivery?.headers["x-converge-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
      const signature = String(delivery?.headers["x-converge-signature"]);
      const expected = `sha256=${createHmac("sha256", secret)
        .update(delivery?.raw ?? Buffer.alloc(0))
        .digest("hex")}`;
      expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
      const forged = `sha256=${createHmac("sha256", "another-key")
        .update(delivery?.raw ?? Buffer.alloc(0))
        .digest("hex")}`;
      expect(signature).not.toBe(forged);
      const payload = json(delivery as Recorded) as {
        report: { project: { slug: string; name: string }; at: { commit: { sha: string } } };
      } & Record<string, unknown>;
      expect(payload.event).toBe("digest");
      expect(payload.project).toBe(SLUG);
      expect(payload.week).toBe("2026-W49");
      expect(payload.permalink).toBe(`${server.url}/p/${SLUG}/report?at=${NEW_SHA}&since=${OLD_SHA}`);
      expect(payload.markdown).toBe(markdown);
      expect(payload.report.project).toEqual({ slug: SLUG, name: HOSTILE_NAME, repoUrl: null });
      expect(payload.report.at.commit.sha).toBe(NEW_SHA);

      const unsigned = await converge(["--project", SLUG, "--to", "webhook", "--webhook", url], serverEnv());
      expect(unsigned.code).toBe(0);
      expect(receiver.requests[1]?.headers["x-converge-signature"]).toBeUndefined();

      const dry = await converge(["--project", SLUG, "--to", "webhook", "--webhook", url, "--dry-run"], {
        ...serverEnv(),
        CONVERGE_WEBHOOK_SECRET: secret,
      });
      expect(dry.code).toBe(0);
      expect(receiver.requests).toHaveLength(2);
      const printed = dry.stdout.split("\n");
      expect(printed[0]).toBe(`POST ${url}`);
      const body = printed[printed.indexOf("") + 1] ?? "";
      const shown = printed.find((line) => line.startsWith("x-converge-signature: "))?.slice("x-converge-signature: ".length);
      expect(shown).toBe(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
      expect(dry.stdout).not.toContain(secret);

      receiver.answers.push(403);
      const refused = await converge(["--project", SLUG, "--to", "webhook", "--webhook", url, "--secret", secret], serverEnv());
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe("ERROR: the webhook: 403\n");
      expect(refused.stderr).not.toContain(secret);
    } finally {
      await receiver.close();
    }
  });

  test("bad input exits 2 naming what is wrong", async () => {
    const cases: Array<[string[], string]> = [
      [["--project", SLUG], "ERROR: digest needs --to github-issue|slack|webhook\n"],
      [["--project", SLUG, "--to", "email"], 'ERROR: --to must be github-issue, slack, webhook (got "email")\n'],
      [
        ["--project", SLUG, "--to", "github-issue", "--issue", "https://github.com/org/repo/pull/7"],
        "ERROR: --issue: not an issue URL (https://github.com/OWNER/REPO/issues/N): https://github.com/org/repo/pull/7\n",
      ],
      [["--project", SLUG, "--to", "slack"], "ERROR: --to slack needs --webhook URL (or CONVERGE_WEBHOOK_URL)\n"],
      [
        ["--project", SLUG, "--to", "slack", "--webhook", "https://hooks.example.com/x", "--secret", "abc"],
        "ERROR: --secret does not apply with --to slack\n",
      ],
      [["--project", SLUG, "--to", "webhook", "--webhook", "ftp://hooks.example.com/x"], "ERROR: --webhook: not an http(s) URL\n"],
    ];
    for (const [args, stderr] of cases) {
      const run = await converge(args, { ...serverEnv(), GITHUB_TOKEN });
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 2, stderr });
    }
  });
});
