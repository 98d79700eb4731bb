import { describe, expect, test } from "vitest";
import { commentBody, defaultGithubApi, nextPage, parseIssueUrl } from "./github";
import { digestMarker, isDigestOf, isoWeek } from "./marker";
import { escapeSlack } from "./slack";
import { describeRequest, redaction } from "./transport";
import { signBody } from "./webhook";
import { createHmac } from "node:crypto";

describe("ISO weeks and the digest marker", () => {
  test("weeks start on Monday (UTC); week 1 holds the year's first Thursday", () => {
    const cases: Array<[string, string]> = [
      ["2026-12-02T09:00:00Z", "2026-W49"],
      ["2026-11-30T00:00:00Z", "2026-W49"],
      ["2026-12-06T23:59:59Z", "2026-W49"],
      ["2026-12-07T00:00:00Z", "2026-W50"],
      ["2021-01-03T12:00:00Z", "2020-W53"],
      ["2024-12-30T12:00:00Z", "2025-W01"],
      ["2026-01-01T00:00:00Z", "2026-W01"],
      ["2027-01-01T00:00:00Z", "2026-W53"],
    ];
    expect(cases.map(([instant]) => [instant, isoWeek(new Date(instant))])).toEqual(cases);
  });

  test("the marker names project and week; a slug cannot close the HTML comment", () => {
    expect(digestMarker("engines", "2026-W49")).toBe("<!-- converge-digest project=engines week=2026-W49 -->");
    expect(digestMarker("a-->b", "2026-W49")).not.toContain("-->b");
    expect(isDigestOf("<!-- converge-digest project=engines week=2026-W49 -->\n## Engines", "engines", "2026-W49")).toBe(true);
    expect(isDigestOf("<!-- converge-digest project=engines week=2026-W48 -->", "engines", "2026-W49")).toBe(false);
    expect(isDigestOf("<!-- converge-digest project=engines-2 week=2026-W49 -->", "engines", "2026-W49")).toBe(false);
    // Quoting the marker in a reply does not make the reply ours.
    expect(isDigestOf("> <!-- converge-digest project=engines week=2026-W49 -->", "engines", "2026-W49")).toBe(false);
    expect(isDigestOf(null, "engines", "2026-W49")).toBe(false);
  });
});

describe("GitHub", () => {
  test("issue URLs: github.com and Enterprise hosts; pull requests and other pages are refused", () => {
    expect(parseIssueUrl("https://github.com/org/repo/issues/686")).toEqual({
      host: "github.com",
      owner: "org",
      repo: "repo",
      number: 686,
    });
    expect(parseIssueUrl("https://github.com/org/repo/issues/686#issuecomment-1")).toMatchObject({ number: 686 });
    expect(defaultGithubApi(parseIssueUrl("https://github.com/org/repo/issues/1"))).toBe("https://api.github.com");
    expect(defaultGithubApi(parseIssueUrl("https://git.example.com/org/repo/issues/1"))).toBe("https://git.example.com/api/v3");
    for (const bad of [
      "https://github.com/org/repo/pull/1",
      "https://github.com/org/repo/issues/0",
      "github.com/org/repo/issues/1",
      "nope",
    ]) {
      expect(() => parseIssueUrl(bad)).toThrow(`--issue: not an issue URL (https://github.com/OWNER/REPO/issues/N): ${bad}`);
    }
  });

  test("the Link header's next page, or null on the last", () => {
    const link =
      '<https://api.github.com/repositories/1/issues/7/comments?page=1>; rel="prev", <https://api.github.com/repositories/1/issues/7/comments?page=3>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?page=5>; rel="last"';
    expect(nextPage(link)).toBe("https://api.github.com/repositories/1/issues/7/comments?page=3");
    expect(nextPage('<https://api.github.com/x?page=1>; rel="first", <https://api.github.com/x?page=1>; rel="prev"')).toBeNull();
    expect(nextPage(null)).toBeNull();
  });

  test("a body over GitHub's 65,536 characters is cut at a line with a link to the full report", () => {
    const markdown = Array.from({ length: 3_000 }, (_, i) => `- member ${i} ${"x".repeat(20)}`).join("\n");
    const body = commentBody({
      slug: "engines",
      week: "2026-W49",
      markdown,
      permalink: "https://converge.example.com/p/engines/report?at=a&since=b",
    });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith("<!-- converge-digest project=engines week=2026-W49 -->\n- member 0 ")).toBe(true);
    expect(
      body.endsWith("\n\n… cut to fit a GitHub comment: [the full report](https://converge.example.com/p/engines/report?at=a&since=b)\n"),
    ).toBe(true);
    expect(body).toMatch(/x{20}\n\n… cut/);
    const short = commentBody({ slug: "engines", week: "2026-W49", markdown: "## Engines\n", permalink: "https://x" });
    expect(short).toBe("<!-- converge-digest project=engines week=2026-W49 -->\n## Engines\n");
  });
});

describe("Slack escaping, signatures and what a dry run shows", () => {
  test("&, < and > become entities, in that order", () => {
    expect(escapeSlack("<!channel> & <https://evil|click> &amp;")).toBe("&lt;!channel&gt; &amp; &lt;https://evil|click&gt; &amp;amp;");
  });

  test("the signature is the hex HMAC-SHA256 of the exact body", () => {
    const body = '{"event":"digest","week":"2026-W49"}';
    expect(signBody(body, "s3cret")).toBe(`sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
    expect(signBody(`${body} `, "s3cret")).not.toBe(signBody(body, "s3cret"));
  });

  test("a dry run masks credentials and secret URLs; the redactor removes every secret from any text", () => {
    const printed = describeRequest({
      method: "POST",
      url: "https://hooks.slack.com/services/T1/B2/abcdef",
      headers: { authorization: "Bearer ghp_secret", "content-type": "application/json" },
      body: "{}",
      secretUrl: true,
    });
    expect(printed).toBe("POST https://hooks.slack.com/***\nauthorization: Bearer ***\ncontent-type: application/json\n\n{}\n");
    expect(describeRequest({ method: "GET", url: "https://user:pw@example.com/hook?x=1", headers: {} })).toBe(
      "GET https://example.com/hook?x=1\n",
    );
    const secrets = redaction(["ghp_secret", undefined, "", "abc"]);
    secrets.add("https://hooks.slack.com/services/T1/B2/abcdef");
    secrets.add("/services/T1/B2/abcdef");
    expect(secrets.apply("token ghp_secret in ghp_secret; abc stays")).toBe("token *** in ***; abc stays");
    expect(secrets.apply("cannot post to https://hooks.slack.com/services/T1/B2/abcdef or /services/T1/B2/abcdef")).toBe(
      "cannot post to *** or ***",
    );
  });
});
