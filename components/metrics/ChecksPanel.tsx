import type { CheckStatus } from "@/lib/queries/checks";
import { formatDate } from "@/lib/format";

export function ChecksPanel({ checks }: { checks: CheckStatus[] }) {
  if (checks.length === 0) return <p className="muted">No checks in the latest scan.</p>;
  return (
    <table className="data" data-testid="checks-table">
      <thead>
        <tr>
          <th scope="col">Check</th>
          <th scope="col">Now</th>
          <th scope="col" className="num">Value</th>
          <th scope="col">Detail</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check) => (
          <tr key={check.id} data-check={check.id}>
            <td>{check.title}</td>
            <td className={check.passed ? "status-good" : "status-bad"}>{check.passed ? "✓ passing" : "✗ failing"}</td>
            <td className="num">
              {check.value}
              {check.threshold !== null ? <span className="muted"> / {check.threshold}</span> : null}
            </td>
            <td>
              {check.summary}
              {check.groups && check.groups.length > 1 ? (
                <ul className="diff-list">
                  {check.groups.map((group) => (
                    <li key={group.label}>
                      <code>{group.label}</code> <span className="muted">× {group.members.length}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </td>
            <td>{check.since ? `${check.passed ? "passing" : "failing"} since ${formatDate(check.since)}` : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
