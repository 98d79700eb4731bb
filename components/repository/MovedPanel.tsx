import Link from "next/link";
import type { Moved, MovedFamily } from "@/lib/contract/repository";
import { projectHref } from "@/lib/links";

function MovedList({ title, items, tone, testId }: { title: string; items: readonly MovedFamily[]; tone: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3>
        {title} <span className="muted">({items.length})</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <ul className="diff-list">
          {items.map((item) => (
            <li key={item.family} data-family={item.family}>
              <Link href={projectHref(item.project)}>{item.name}</Link>{" "}
              <span className={tone}>{item.change > 0 ? `+${item.change}` : item.change === 0 ? "±0" : item.change}</span>{" "}
              <span className="muted">(now {item.counted})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "What moved this week": shrank and grew (biggest change first), stalled above target (furthest first). */
export function MovedPanel({ moved }: { moved: Moved }) {
  return (
    <section className="panel" aria-labelledby="moved-heading">
      <h2 id="moved-heading">What moved this week</h2>
      <div className="moved-grid">
        <MovedList title="Shrank" items={moved.shrank} tone="status-good" testId="moved-shrank" />
        <MovedList title="Grew" items={moved.grew} tone="status-bad" testId="moved-grew" />
        <MovedList title="Stalled" items={moved.stalled} tone="status-warn" testId="moved-stalled" />
      </div>
    </section>
  );
}
