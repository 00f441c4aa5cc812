import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { StreamQuery } from '../api/creditcast';
import { renderWithServices } from '../testing/render';
import { DirectoryPage } from './DirectoryPage';

const results = (title: string) => ({
  total: 1,
  page: 0,
  size: 20,
  items: [
    {
      kind: 'stream',
      id: 's1',
      creator_id: 'c1',
      title,
      category: 'music',
      language: 'en',
      tags: ['jazz'],
      status: 'live',
      viewer_count: 12,
    },
  ],
});

describe('the directory', () => {
  it('lists live streams, offers the server categories and suggestions, and searches with the filters', async () => {
    const streams = vi.fn(async (q: StreamQuery) => results(q.q ? 'Found' : 'Listed'));
    const categories = vi.fn(async () => [{ name: 'cooking', streams: 3 }]);
    const suggest = vi.fn(async (_prefix: string) => ['jazz night']);
    const { container } = renderWithServices(<DirectoryPage />, { streams, categories, suggest });
    expect(await screen.findByText('Listed')).toBeTruthy();
    expect(screen.getByText(/· music · en · 12 watching/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'c1' }).getAttribute('href')).toBe('/creators/c1');
    await screen.findByRole('option', { name: 'cooking' });
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'cooking' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'jaz' } });
    await waitFor(() => expect(container.querySelector('datalist option')?.getAttribute('value')).toBe('jazz night'));
    expect(suggest.mock.calls[0]![0]).toBe('jaz');
    fireEvent.submit(screen.getByRole('search'));
    expect(await screen.findByText('Found')).toBeTruthy();
    expect(streams.mock.calls.at(-1)![0]).toEqual({ status: 'live', category: 'cooking', language: '', q: 'jaz' });
  });
});
