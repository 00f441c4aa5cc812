/** One value of a stacked bar chart: the bar (a day or a month), its series (a source) and the amount. */
export interface ChartRow {
  day: string;
  source: string;
  amount_minor: number;
}

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
export function barsByDay(rows: readonly ChartRow[]): DayBar[] {
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

/**
 * A stacked bar chart in SVG with a table alternative for screen readers. The project's one chart:
 * earnings by day and source in the studio, revenue by period and source in the admin console.
 * Negative parts (e.g. net revenue after refunds) are drawn as zero; the table shows the real values.
 */
export function EarningsChart({
  rows,
  label = 'Earnings by day and source',
  colours = SOURCE_COLOURS,
  columns = ['Day', 'Source', 'Credits'],
}: {
  rows: readonly ChartRow[];
  label?: string;
  colours?: Record<string, string>;
  columns?: readonly [string, string, string];
}) {
  const bars = barsByDay(rows);
  const series = [...new Set([...Object.keys(colours), ...rows.map((r) => r.source)])];
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((t, p) => t + Math.max(0, p.amount), 0)));
  const width = 600;
  const height = 200;
  const barWidth = bars.length ? width / bars.length : width;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        {bars.map((b, i) => {
          let y = height;
          return (
            <g key={b.day}>
              {b.parts.map((p) => {
                const h = (Math.max(0, p.amount) / max) * (height - 10);
                y -= h;
                return (
                  <rect
                    key={p.source}
                    x={i * barWidth + 2}
                    y={y}
                    width={Math.max(1, barWidth - 4)}
                    height={h}
                    fill={colours[p.source] ?? '#6b7280'}
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
        {series.map((s) => (
          <span key={s} className="legend">
            <span className="swatch" style={{ background: colours[s] ?? '#6b7280' }} aria-hidden="true" /> {s}
          </span>
        ))}
      </figcaption>
      <table className="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
            <th scope="col">{columns[2]}</th>
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
