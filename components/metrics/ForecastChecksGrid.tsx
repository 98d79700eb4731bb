import type { Forecast } from "@/lib/analytics/forecast";
import type { PhaseVerdict } from "@/lib/analytics/status";
import type { CheckStatus } from "@/lib/contract/responses";
import { ChecksPanel } from "./ChecksPanel";
import { ForecastPanel } from "./ForecastPanel";

export interface ForecastChecksGridProps {
  forecast: Forecast;
  verdicts: PhaseVerdict[];
  target: number;
  checks: CheckStatus[];
}

/** Forecast and phases beside the checks: the same pair on the project page and in the weekly report. */
export function ForecastChecksGrid({ forecast, verdicts, target, checks }: ForecastChecksGridProps) {
  return (
    <div className="grid-2 forecast-checks">
      <section className="panel" aria-labelledby="forecast-heading">
        <h2 id="forecast-heading">Forecast and phases</h2>
        <ForecastPanel forecast={forecast} verdicts={verdicts} target={target} />
      </section>
      <section className="panel" aria-labelledby="checks-heading">
        <h2 id="checks-heading">Checks</h2>
        <ChecksPanel checks={checks} />
      </section>
    </div>
  );
}
