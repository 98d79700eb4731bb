import { HIT_KINDS, type Hit, type HitKind } from "@/lib/contract/explain";
import type { ScanDetail } from "@/lib/contract/responses";
import { fileLink } from "@/lib/links";
import { Breakable, PathText } from "./LongText";

export interface WhyThisNumberProps {
  repoUrl: string | null;
  scan: ScanDetail;
  /** The heading level's id, so pages with several panels keep unique ids. */
  headingId?: string;
}

const KIND_LABELS: Record<HitKind, string> = {
  definition: "definitions",
  alias: "aliases",
  import: "imports",
  reference: "references",
  docstring: "docstrings",
  comment: "comments",
  string: "string literals",
  unresolved: "unresolved (not a member)",
};

const n = (value: number) => value.toLocaleString("en-US");

/**
 * "Why this number?": how a plain text search of the pattern reconciles with the members of one scan
 * (grep words on class lines → class names + other words; every hit's kind; excluded files per reason),
 * with the non-member hits listable where the store keeps them (the latest scan of each branch).
 */
export function WhyThisNumber({ repoUrl, scan, headingId = "why-heading" }: WhyThisNumberProps) {
  const reconciliation = scan.reconciliation;
  return (
    <section className="panel why-number" aria-labelledby={headingId} data-testid="why-this-number">
      <h2 id={headingId}>Why this number?</h2>
      {reconciliation ? (
        <>
          <p className="why-summary" data-testid="why-summary">
            grep: {n(reconciliation.classLines.words)} words on class lines → {n(reconciliation.classLines.classNames)} class names +{" "}
            {n(reconciliation.classLines.words - reconciliation.classLines.classNames)} other
          </p>
          <dl className="why-counts" data-testid="why-counts">
            <div>
              <dt>grep</dt>
              <dd data-testid="why-grep">
                {n(reconciliation.grep.lines)} lines in {n(reconciliation.grep.files)} files, {n(reconciliation.grep.words)} distinct words
              </dd>
            </div>
            <div>
              <dt>Names</dt>
              <dd data-testid="why-names">{n(scan.totals.names)}</dd>
            </div>
            <div>
              <dt>Definitions</dt>
              <dd data-testid="why-definitions">{n(scan.totals.members)}</dd>
            </div>
          </dl>
          <table className="data why-kinds" data-testid="why-kinds">
            <caption className="muted">Every text hit of the pattern, by what it is</caption>
            <tbody>
              {HIT_KINDS.map((kind) => (
                <tr key={kind} data-kind={kind}>
                  <th scope="row">{KIND_LABELS[kind]}</th>
                  <td className="num">{n(reconciliation.byKind[kind])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {reconciliation.excluded.length > 0 ? (
            <ul className="why-excluded" data-testid="why-excluded">
              {reconciliation.excluded.map((entry) => (
                <li key={entry.reason}>
                  {n(entry.hits)} hits in {n(entry.files)} files, <ReasonText reason={entry.reason} />
                </li>
              ))}
            </ul>
          ) : null}
          <HitList repoUrl={repoUrl} sha={scan.commit.sha} hits={scan.hits} total={reconciliation.hitsTotal} />
        </>
      ) : (
        <p className="muted" data-testid="why-not-measured">
          Not measured: the scanner of this commit did not reconcile the text search with the members.
        </p>
      )}
    </section>
  );
}

function HitList({ repoUrl, sha, hits, total }: { repoUrl: string | null; sha: string; hits: Hit[] | null; total: number }) {
  if (total === 0) return <p className="muted">Every hit is a member&apos;s own syntax.</p>;
  if (hits === null) {
    return (
      <p className="muted" data-testid="why-hits-not-kept">
        {n(total)} non-member hits; they are listed for the latest scan of each branch only.
      </p>
    );
  }
  return (
    <details className="why-hits" data-testid="why-hits">
      <summary>Non-member hits ({hits.length < total ? `${n(hits.length)} of ${n(total)}` : n(total)})</summary>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Kind</th>
              <th scope="col">Word</th>
            </tr>
          </thead>
          <tbody>
            {keyed(hits).map(({ key, hit }) => (
              <HitRow key={key} repoUrl={repoUrl} sha={sha} hit={hit} />
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** A stable key per hit: the same word may occur twice on one line, so repeats get a counter. */
function keyed(hits: readonly Hit[]): Array<{ key: string; hit: Hit }> {
  const seen = new Map<string, number>();
  return hits.map((hit) => {
    const base = `${hit.file}:${hit.line}:${hit.kind}:${hit.word}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { key: count === 0 ? base : `${base}#${count}`, hit };
  });
}

function HitRow({ repoUrl, sha, hit }: { repoUrl: string | null; sha: string; hit: Hit }) {
  const href = fileLink(repoUrl, sha, hit.file, hit.line);
  const location = <PathText path={`${hit.file}:${hit.line}`} max={64} />;
  return (
    <tr data-kind={hit.kind} data-testid="why-hit">
      <td>
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {location}
          </a>
        ) : (
          location
        )}
      </td>
      <td>{hit.kind}</td>
      <td className="mono">
        <Breakable text={hit.word} />
      </td>
    </tr>
  );
}

// A left-out reason as the scanner words it ("excluded by" and the glob in backticks): the quoted glob as code, the rest as text.
function ReasonText({ reason }: { reason: string }) {
  return (
    <>
      {reason.split("`").map((part, index) =>
        // Odd parts sat between backticks. The index keys are stable: the parts never reorder.
        // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
        index % 2 === 1 ? <code key={index}>{part}</code> : <span key={index}>{part}</span>,
      )}
    </>
  );
}
