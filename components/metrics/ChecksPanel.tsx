import type { CheckStatus } from "@/lib/contract/responses";
import { formatDate } from "@/lib/format";
import { Breakable } from "./LongText";

/**
 * The checks as four columns (the detail sits under each check's title), so a 200-character detail
 * wraps in the widest column instead of squeezing "Since" down to a letter per line.
 */
export function ChecksPanel({ checks }: { checks: CheckStatus[] }) {
  if (checks.length === 0) return <p className="muted">No checks in the latest scan.</p>;
  return (
    <div className="table-scroll">
      <table className="data checks" data-testid="checks-table">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col" className="nowrap">
              Now
            </th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col" className="col-since">
              Since
            </th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => (
            <tr key={check.id} data-check={check.id}>
              <td className="col-check">
                <div className="check-title">{check.title}</div>
                <div className="muted check-detail">{check.summary}</div>
                {check.groups && check.groups.length > 1 ? (
                  <ul className="diff-list">
                    {check.groups.map((group) => (
                      <li key={group.label}>
                        <code>
                          <Breakable text={group.label} />
                        </code>{" "}
                        <span className="muted">× {group.members.length}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td className={`nowrap ${check.passed ? "status-good" : "status-bad"}`}>{check.passed ? "✓ passing" : "✗ failing"}</td>
              <td className="num nowrap">
                {check.value}
                {check.threshold !== null ? <span className="muted"> / {check.threshold}</span> : null}
              </td>
              <td className="col-since">
                {check.since ? (
                  <>
                    {check.passed ? "passing" : "failing"} since <span className="nowrap">{formatDate(check.since)}</span>
                  </>
                ) : (
                  "–"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
