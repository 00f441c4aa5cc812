import type { EarningsByDay } from '../api/creditcast';

export const SOURCE_COLOURS: Record<string, string> = {
  metering: '#2563eb',
  tips: '#d97706',
  purchases: '#059669',
};

export interface DayBar {
  day: string;
  total: number;
  parts: { source: string; amount: number }[];
}

/** Groups rows into one bar per day (in day order) with one stacked part per source. */
export function barsByDay(rows: EarningsByDay['items']): DayBar[] {
  const byDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const sources = byDay.get(r.day) ?? new Map<string, number>();
    sources.set(r.source, (sources.get(r.source) ?? 0) + r.amount_minor);
    byDay.set(r.day, sources);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, sources]) => {
      const parts = [...sources.entries()].map(([source, amount]) => ({ source, amount }));
      return { day, parts, total: parts.reduce((s, p) => s + p.amount, 0) };
    });
}

/** A stacked bar chart in SVG with a table alternative for screen readers. */
export function EarningsChart({ rows }: { rows: EarningsByDay['items'] }) {
  const bars = barsByDay(rows);
  const max = Math.max(1, ...bars.map((b) => b.total));
  const width = 600;
  const height = 200;
  const barWidth = bars.length ? width / bars.length : width;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Earnings by day and source">
        {bars.map((b, i) => {
          let y = height;
          return (
            <g key={b.day}>
              {b.parts.map((p) => {
                const h = (p.amount / max) * (height - 10);
                y -= h;
                return (
                  <rect
                    key={p.source}
                    x={i * barWidth + 2}
                    y={y}
                    width={Math.max(1, barWidth - 4)}
                    height={h}
                    fill={SOURCE_COLOURS[p.source] ?? '#6b7280'}
                  >
                    <title>{`${b.day} ${p.source}: ${p.amount}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {Object.entries(SOURCE_COLOURS).map(([s, c]) => (
          <span key={s} className="legend">
            <span className="swatch" style={{ background: c }} aria-hidden="true" /> {s}
          </span>
        ))}
      </figcaption>
      <table className="visually-hidden">
        <caption>Earnings by day and source</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Source</th>
            <th scope="col">Credits</th>
          </tr>
        </thead>
        <tbody>
          {bars.flatMap((b) =>
            b.parts.map((p) => (
              <tr key={`${b.day}-${p.source}`}>
                <td>{b.day}</td>
                <td>{p.source}</td>
                <td>{p.amount}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </figure>
  );
}
