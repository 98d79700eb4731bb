/**
 * A portfolio for people and issue threads: a summary line for the repository, then one section
 * per family (that family's usual report under a heading naming it).
 */
import type { FamilyInventory, PortfolioInventory } from "../../contract/inventory";
import { stripBidiControls } from "../../format/bidi";
import { escapeMarkdownInline, mdCode, mdTable, raw } from "../../format/markdown";
import { renderMarkdown } from "./markdown";
import { commitLabel, countedLabel, sizeLabel } from "./summary";
import { renderTable } from "./table";

/** Where a family stands in one scan (a snapshot: trends need history, which the server has). */
export type SnapshotState = "done" | "open" | "empty";

export function snapshotState(family: FamilyInventory): SnapshotState {
  if (family.members.length === 0) return "empty";
  return family.totals.counted <= family.plan.target ? "done" : "open";
}

export interface PortfolioSummary {
  families: number;
  done: number;
  open: number;
  empty: number;
  counted: number;
  target: number;
  failingChecks: number;
  checks: number;
}

export function summarizePortfolio(portfolio: PortfolioInventory): PortfolioSummary {
  const summary: PortfolioSummary = { families: 0, done: 0, open: 0, empty: 0, counted: 0, target: 0, failingChecks: 0, checks: 0 };
  for (const family of portfolio.families) {
    summary.families++;
    summary[snapshotState(family)]++;
    summary.counted += family.totals.counted;
    summary.target += family.plan.target;
    summary.checks += family.checks.length;
    summary.failingChecks += family.checks.filter((check) => !check.passed).length;
  }
  return summary;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 consolidations: 1 done, 2 open, 0 empty · 13 counted / target 4 · 7 of 21 checks fail". */
export function portfolioSummaryLine(portfolio: PortfolioInventory): string {
  const s = summarizePortfolio(portfolio);
  return [
    `${plural(s.families, "consolidation")}: ${s.done} done, ${s.open} open, ${s.empty} empty`,
    `${s.counted} counted / target ${s.target}`,
    `${s.failingChecks} of ${plural(s.checks, "check")} ${s.failingChecks === 1 ? "fails" : "fail"}`,
  ].join(" · ");
}

/** Text for a terminal: no control characters (a family name could carry escape sequences), no bidi controls. */
function terminalText(text: string): string {
  return stripBidiControls(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, "\uFFFD");
}

/** The family's display name, control characters replaced (markdown is printed to terminals too). */
function familyLabel(family: FamilyInventory): string {
  return terminalText(family.name ?? family.slug);
}

/** The portfolio at a terminal: a header and summary line, then one section per family. */
export function renderPortfolioTable(portfolio: PortfolioInventory): string {
  const first = portfolio.families[0];
  const out: string[] = [];
  out.push(`converge scan · ${plural(portfolio.families.length, "consolidation")}${first ? ` · ${commitLabel(first)}` : ""}`);
  out.push(portfolioSummaryLine(portfolio));
  for (const family of portfolio.families) {
    const issue = family.issue ? ` · ${terminalText(family.issue)}` : "";
    out.push("", `== ${family.slug}: ${familyLabel(family)} (${snapshotState(family)})${issue} ==`);
    out.push(renderTable(family).trimEnd());
  }
  return `${out.join("\n")}\n`;
}

/** The portfolio for an issue thread: a summary table, then each family's report under its own heading. */
export function renderPortfolioMarkdown(portfolio: PortfolioInventory): string {
  const e = escapeMarkdownInline;
  const first = portfolio.families[0];
  const out: string[] = [];
  out.push(`## Portfolio: ${plural(portfolio.families.length, "consolidation")}`, "");
  out.push(`${e(portfolioSummaryLine(portfolio))}${first ? ` · ${e(commitLabel(first))}` : ""}`, "");
  out.push(
    mdTable(
      ["Family", "State", "Counted", "Size", "Checks failing", "Issue"],
      portfolio.families.map((family) => [
        raw(`${e(familyLabel(family))} ${mdCode(family.slug)}`),
        snapshotState(family),
        countedLabel(family),
        sizeLabel(family),
        family.checks.filter((check) => !check.passed).length,
        family.issue ? raw(mdCode(family.issue)) : "–",
      ]),
      ["left", "left", "left", "left", "right", "left"],
    ),
  );
  for (const family of portfolio.families) {
    out.push("", renderMarkdown(family, `${e(familyLabel(family))} (${mdCode(family.slug)})`).trimEnd());
  }
  return `${out.join("\n")}\n`;
}
