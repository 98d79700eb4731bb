import type { Forecast } from "@/lib/analytics/forecast";
import { PHASE_STATE_LABELS, type PhaseVerdict } from "@/lib/analytics/status";
import { formatDate } from "@/lib/format";

const STATE_TONE: Record<PhaseVerdict["state"], string> = {
  met: "status-good",
  "on-track": "status-good",
  missed: "status-bad",
  "at-risk": "status-warn",
  unknown: "muted",
};

export function forecastSentence(forecast: Forecast, target: number): string {
  switch (forecast.state) {
    case "reached":
      return `The target of ${target} is reached.`;
    case "forecast":
      if (forecast.overdue) {
        return `Overdue: at the pace of the last scans the count was to reach ${target} around ${formatDate(forecast.eta ?? 0)}, which has passed; the latest scan still counts ${forecast.intercept ?? "more"}.`;
      }
      return `At the current pace (${Math.abs((forecast.slopePerDay ?? 0) * 7).toFixed(1)} fewer per week), the count reaches ${target} around ${formatDate(forecast.eta ?? 0)}.`;
    case "no-trend":
      return `The count is not going down over the last ${forecast.windowDays / 7} weeks: no date can be forecast.`;
    case "not-enough-data":
      return "Not enough scans yet to forecast (3 or more over at least a week).";
  }
}

export function ForecastPanel({ forecast, verdicts, target }: { forecast: Forecast; verdicts: PhaseVerdict[]; target: number }) {
  return (
    <>
      <p data-testid="forecast-sentence">{forecastSentence(forecast, target)}</p>
      {forecast.state === "forecast" && forecast.eta ? (
        <p>
          ETA{" "}
          <strong
            data-testid="forecast-eta"
            data-overdue={forecast.overdue ? "true" : undefined}
            className={forecast.overdue ? "status-bad" : undefined}
          >
            {forecast.overdue ? `${forecast.eta.slice(0, 10)} (overdue)` : forecast.eta.slice(0, 10)}
          </strong>{" "}
          <span className="muted">
            ({forecast.method}; {forecast.pointsUsed} scans)
          </span>
        </p>
      ) : (
        <p className="muted">Method: {forecast.method}.</p>
      )}
      {verdicts.length > 0 ? (
        <table className="data" data-testid="phase-table">
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Due</th>
              <th scope="col" className="num">
                Target
              </th>
              <th scope="col">Verdict</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {verdicts.map((verdict) => (
              <tr key={verdict.name}>
                <td>{verdict.name}</td>
                <td>{verdict.due}</td>
                <td className="num">{verdict.target}</td>
                <td className={STATE_TONE[verdict.state]} data-verdict={verdict.state}>
                  {PHASE_STATE_LABELS[verdict.state]}
                </td>
                <td className="muted">{verdict.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The plan has no phases.</p>
      )}
    </>
  );
}
