import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Recording, RecordingPage } from '../api/creditcast';
import { ApiProblem } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { RecordingsPanel, formatDuration } from './RecordingsPanel';

const never = () => new Promise<never>(() => undefined);
const creator = { id: 'carol', name: 'carol', roles: ['creator' as const] };

const recording = (n: number, mp4 = false): Recording => ({
  stream_id: `s-${n}`,
  stream_title: `Show ${n}`,
  creator_id: 'carol',
  ingest_session_id: `ingest-${n}`,
  duration_ms: 3_723_000 + n,
  created_at: '2026-12-03T20:00:00Z',
  vod_playlist_url: `https://media.test/vod/s-${n}/master.m3u8`,
  mp4_url: mp4 ? `https://media.test/vod/s-${n}/recording.mp4` : null,
});

const page = (recordings: Recording[], next_cursor: string | null = null): RecordingPage => ({
  recordings,
  next_cursor,
});

describe('the studio recordings list', () => {
  it('shows a loading state while the first page is on its way', () => {
    renderWithServices(<RecordingsPanel />, { recordings: never }, { user: creator });
    expect(within(screen.getByTestId('recordings')).getByRole('status').textContent).toMatch(/Loading recordings/);
  });

  it('says so when there are no recordings', async () => {
    renderWithServices(<RecordingsPanel />, { recordings: async () => page([]) }, { user: creator });
    expect((await screen.findByTestId('recordings-empty')).textContent).toMatch(/No recordings yet/);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('lists title, duration and the HLS link, and the MP4 link only when there is one', async () => {
    renderWithServices(
      <RecordingsPanel />,
      { recordings: async () => page([recording(1, true), recording(2)]) },
      { user: creator },
    );
    const rows = await screen.findAllByTestId('recording-row');
    expect(rows).toHaveLength(2);
    const [row1, row2] = rows as [HTMLElement, HTMLElement];
    expect(within(row1).getByText('Show 1')).toBeTruthy();
    expect(within(row1).getByText('1:02:03')).toBeTruthy();
    expect(within(row1).getByRole('link', { name: 'HLS playlist of Show 1' }).getAttribute('href')).toBe(
      'https://media.test/vod/s-1/master.m3u8',
    );
    expect(within(row1).getByRole('link', { name: 'MP4 of Show 1' }).getAttribute('href')).toBe(
      'https://media.test/vod/s-1/recording.mp4',
    );
    expect(within(row2).queryByRole('link', { name: /MP4/ })).toBeNull();
    expect(
      within(row1)
        .getByText(/2026|Dec/)
        .closest('time')
        ?.getAttribute('datetime'),
    ).toBe('2026-12-03T20:00:00Z');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows the error with a retry that loads the list again', async () => {
    const recordings = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 503, title: 'Service Unavailable', detail: 'query down' }))
      .mockResolvedValueOnce(page([recording(1)]));
    renderWithServices(<RecordingsPanel />, { recordings }, { user: creator });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/Recordings/);
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('recording-row')).toHaveLength(1);
    expect(recordings).toHaveBeenCalledTimes(2);
  });

  it('follows next_cursor with "Load more" until the last page, and retries a failed page with the same cursor', async () => {
    const recordings = vi
      .fn()
      .mockResolvedValueOnce(page([recording(1), recording(2)], 'c1'))
      .mockRejectedValueOnce(new ApiProblem({ status: 503, title: 'Service Unavailable' }))
      .mockResolvedValueOnce(page([recording(3)], null));
    renderWithServices(<RecordingsPanel />, { recordings }, { user: creator });
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    const failure = await screen.findByRole('alert');
    expect(failure.textContent).toMatch(/More recordings/);
    fireEvent.click(within(failure).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getAllByTestId('recording-row')).toHaveLength(3));
    expect(recordings.mock.calls.map((c) => c[0])).toEqual([null, 'c1', 'c1']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});

describe('formatDuration', () => {
  it('writes minutes and seconds, and hours when there are any', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(59_999)).toBe('0:59');
    expect(formatDuration(61_000)).toBe('1:01');
    expect(formatDuration(3_600_000)).toBe('1:00:00');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
});
