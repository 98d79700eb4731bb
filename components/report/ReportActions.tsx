"use client";

import { type ReactNode, useState } from "react";

/**
 * The actions of a weekly report (project or repository): copy its markdown, the export links, print.
 * `markdownUrl` is fetched on copy, so what is copied is exactly what the Markdown link serves.
 */
export function ReportActions({ markdownUrl, children }: { markdownUrl: string; children?: ReactNode }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const copyMarkdown = async () => {
    try {
      const response = await fetch(markdownUrl);
      if (!response.ok) throw new Error(response.statusText);
      await navigator.clipboard.writeText(await response.text());
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <nav className="actions" aria-label="Report actions">
      <button type="button" className="link-button" onClick={copyMarkdown} data-testid="copy-markdown">
        Copy as markdown
      </button>
      {copied === "copied" ? (
        <span className="status-good">Copied</span>
      ) : copied === "failed" ? (
        <span className="status-bad">Copy failed</span>
      ) : null}
      <a href={markdownUrl}>Markdown</a>
      {children}
      <button type="button" className="link-button" onClick={() => window.print()}>
        Print
      </button>
    </nav>
  );
}

/** The report's permalink line (the link people paste into issue threads). */
export function Permalink({ href }: { href: string }) {
  return (
    <p className="muted wrap-anywhere">
      Permalink:{" "}
      <a href={href} data-testid="permalink">
        {href}
      </a>
    </p>
  );
}
