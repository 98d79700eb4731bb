import type { ReactNode } from "react";

export interface MetricCardProps {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: "good" | "bad" | "warn";
  testId?: string;
}

export function MetricCard({ label, value, detail, tone, testId }: MetricCardProps) {
  return (
    <div className="metric panel" data-testid={testId}>
      <div className="metric-label">{label}</div>
      <div className={`metric-value${tone ? ` status-${tone}` : ""}`}>{value}</div>
      {detail ? <div className="muted">{detail}</div> : null}
    </div>
  );
}
