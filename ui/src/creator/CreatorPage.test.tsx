import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CreatorStream, CreatorStreams } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { CreatorPage, formatDurationMs } from './CreatorPage';

const viewer = { id: 'v1', name: 'v1', roles: ['viewer' as const] };
const never = () => new Promise<never>(() => undefined);

const stream = (id: string, extra: Partial<CreatorStream> = {}): CreatorStream => ({
  stream_id: id,
  title: `Title ${id}`,
  category: 'music',
  status: 'ended',
  viewer_count: 0,
  created_at: '2026-12-01T09:00:00Z',
  went_live_at: '2026-12-01T10:00:00Z',
  ended_at: '2026-12-01T11:05:00Z',
  viewing_sessions: 3,
  watch_ms: 600_000,
  ...extra,
});

const profile = (streams: CreatorStream[], total = streams.length): CreatorStreams => ({
  creator_id: 'carol',
  live: streams.some((s) => s.status === 'live'),
  total_streams: total,
  streams,
});

const render = (api: Parameters<typeof renderWithServices>[1], user: typeof viewer | null = viewer) =>
  renderWithServices(<CreatorPage />, api, { path: '/creators/carol', route: '/creators/:creatorId', user });

describe('the creator page', () => {
  it('shows the live stream with a link, the past streams with their length, and follows', async () => {
    const creatorStreams = vi.fn(async () =>
      profile([stream('s-live', { status: 'live', viewer_count: 7, ended_at: null }), stream('s-old')], 12),
    );
    const following = vi.fn(async () => ({ creator_id: 'carol', following: false, changed: false }));
    const follow = vi.fn(async () => ({ creator_id: 'carol', following: true, changed: true }));
    const unfollow = vi.fn(async () => ({ creator_id: 'carol', following: false, changed: true }));
    render({ creatorStreams, following, follow, unfollow });
    const liveNow = await screen.findByRole('region', { name: 'Live now' });
    expect(within(liveNow).getByRole('link', { name: 'Title s-live' }).getAttribute('href')).toBe('/streams/s-live');
    expect(within(liveNow).getByText(/7 watching/)).toBeTruthy();
    expect(screen.getByText('live', { selector: '.badge' })).toBeTruthy();
    const table = screen.getByTestId('creator-streams');
    const old = within(table).getByRole('row', { name: /Title s-old/ });
    expect(within(old).getByText('1 h 05 min')).toBeTruthy();
    expect(screen.getByText('The 2 most recent of 12 streams.')).toBeTruthy();
    expect(creatorStreams).toHaveBeenCalledWith('carol', expect.anything());

    const button = await screen.findByRole('button', { name: 'Follow' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    const pressed = await screen.findByRole('button', { name: 'Following' });
    expect(pressed.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(pressed);
    await screen.findByRole('button', { name: 'Follow' });
    expect(follow).toHaveBeenCalledWith('carol');
    expect(unfollow).toHaveBeenCalledWith('carol');
  });

  it('says when the creator is not live and has no streams; no follow button signed out', async () => {
    const creatorStreams = vi.fn(async () => profile([]));
    render({ creatorStreams }, null);
    expect(await screen.findByText(/Not live right now/)).toBeTruthy();
    expect(screen.getByText('No streams yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Follow/ })).toBeNull();
  });

  it('shows a refused follow and the load error with a retry', async () => {
    const creatorStreams = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 503 }))
      .mockResolvedValueOnce(profile([stream('s-old')]));
    const following = vi.fn(async () => ({ creator_id: 'carol', following: false, changed: false }));
    const follow = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiProblem({ status: 422, type: `${PROBLEM_TYPE_BASE}limit-exceeded`, detail: 'at most 5000 follows' }),
      );
    render({ creatorStreams, following, follow });
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    await screen.findByTestId('creator-streams');
    fireEvent.click(await screen.findByRole('button', { name: 'Follow' }));
    expect((await screen.findByRole('alert')).textContent).toContain('at most 5000 follows');
  });

  it('shows the loading state', () => {
    render({ creatorStreams: never, following: never });
    expect(screen.getByText("Loading the creator's streams…")).toBeTruthy();
  });

  it('formats lengths', () => {
    expect(formatDurationMs(40_000)).toBe('40 s');
    expect(formatDurationMs(12 * 60_000)).toBe('12 min');
    expect(formatDurationMs(65 * 60_000)).toBe('1 h 05 min');
  });
});
