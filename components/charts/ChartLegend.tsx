import type { LegendItem } from "./series";

/**
 * The chart's legend in the order the model gives (areas in class order, then the lines): recharts'
 * own legend sorts its entries by label.
 */
export function ChartLegend({ items }: { items: readonly LegendItem[] }) {
  return (
    <ul className="chart-legend" data-testid="chart-legend">
      {items.map((item) => (
        <li key={item.key} data-legend={item.key}>
          <svg width="18" height="10" aria-hidden="true">
            {item.shape === "area" ? (
              <rect x="1" y="1" width="16" height="8" rx="1" fill={item.color} fillOpacity={0.45} stroke={item.color} />
            ) : (
              <line x1="0" y1="5" x2="18" y2="5" stroke={item.color} strokeWidth="2" strokeDasharray={item.dash ?? undefined} />
            )}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}
