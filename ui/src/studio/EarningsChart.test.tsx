import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EarningsChart, barsByDay } from './EarningsChart';

const rows = [
  { day: '2026-11-02', source: 'tips', amount_minor: 7 },
  { day: '2026-11-01', source: 'metering', amount_minor: 30 },
  { day: '2026-11-02', source: 'metering', amount_minor: 10 },
  { day: '2026-11-02', source: 'metering', amount_minor: 5 },
];

describe('earnings by day and source', () => {
  it('groups rows into one bar per day, in day order, summing each source', () => {
    expect(barsByDay(rows)).toEqual([
      { day: '2026-11-01', total: 30, parts: [{ source: 'metering', amount: 30 }] },
      {
        day: '2026-11-02',
        total: 22,
        parts: [
          { source: 'tips', amount: 7 },
          { source: 'metering', amount: 15 },
        ],
      },
    ]);
  });
  it('renders an image with a text alternative table', () => {
    const { container } = render(<EarningsChart rows={rows} />);
    expect(container.querySelector('svg[role=img]')?.getAttribute('aria-label')).toBe('Earnings by day and source');
    expect(container.querySelectorAll('rect')).toHaveLength(3);
    expect(screen.getByText('Earnings by day and source', { selector: 'caption' })).toBeTruthy();
    expect(container.querySelectorAll('tbody tr')).toHaveLength(3);
  });
  it('renders nothing made up when there is no data', () => {
    expect(barsByDay([])).toEqual([]);
  });
});
