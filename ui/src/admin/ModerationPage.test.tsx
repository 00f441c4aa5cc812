import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { StreamResults } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { LIVE_PUSH_RELOAD_DELAY_MS, LiveStreams, ModerationActions, ModerationPage } from './ModerationPage';

const moderator = { id: 'm1', name: 'm1', roles: ['moderator' as const] };
const never = () => new Promise<never>(() => undefined);

const live = (viewers: number): StreamResults => ({
  total: 1,
  page: 0,
  size: 50,
  items: [
    {
      kind: 'stream',
      id: 's1',
      creator_id: 'c1',
      title: 'Jazz night',
      category: 'music',
      language: 'en',
      tags: [],
      status: 'live',
      viewer_count: viewers,
    },
  ],
});

/** A status push that stays open and says nothing. */
const quiet = () => new Promise<void>(() => undefined);

describe('the moderation console', () => {
  it('reloads the live list when a status change is pushed, and at once when the push starts listening', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let push: (e: { kind: 'ready' } | { kind: 'status'; stream_id: string; status: string }) => void = () =>
        undefined;
      const streamStatusEvents = vi.fn((onEvent: typeof push) => {
        push = onEvent;
        return new Promise<void>(() => undefined);
      });
      const streams = vi.fn(async () => live(1));
      renderWithServices(<LiveStreams />, { streams, streamStatusEvents }, { user: moderator });
      await screen.findByTestId('live-streams');
      expect(screen.getByTestId('live-refresh').textContent).toMatch(/^Status push unavailable/);
      act(() => push({ kind: 'ready' }));
      await waitFor(() => expect(streams).toHaveBeenCalledTimes(2));
      expect(screen.getByTestId('live-refresh').textContent).toMatch(/^Live: status changes arrive as they happen/);
      act(() => push({ kind: 'status', stream_id: 's9', status: 'taken_down' }));
      expect(await screen.findByText('Last change: s9 is taken down')).toBeTruthy();
      expect(streams).toHaveBeenCalledTimes(2); // not before the search index had time to refresh
      await act(async () => {
        await vi.advanceTimersByTimeAsync(LIVE_PUSH_RELOAD_DELAY_MS + 10);
      });
      await waitFor(() => expect(streams).toHaveBeenCalledTimes(3));
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks discovery for live streams and refreshes the list on its interval', async () => {
    let viewers = 3;
    const streams = vi.fn(async (_query: unknown) => live(viewers++));
    renderWithServices(<LiveStreams refreshMs={50} />, { streams, streamStatusEvents: quiet }, { user: moderator });
    const table = await screen.findByTestId('live-streams');
    expect(within(table).getByText('Jazz night')).toBeTruthy();
    await waitFor(() => expect(within(screen.getByTestId('live-streams')).getByText('5')).toBeTruthy());
    expect(streams.mock.calls[0]![0]).toEqual({ status: 'live', size: 50 });
  });

  it('takes a stream down with a reason and shows the server refusing a blank one next to the field', async () => {
    const takedown = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiProblem({
          status: 400,
          type: `${PROBLEM_TYPE_BASE}validation`,
          errors: [{ field: 'reason', message: 'must not be blank' }],
        }),
      )
      .mockResolvedValueOnce({ stream_id: 's1', status: 'TAKEN_DOWN', actor_id: 'm1', actor_role: 'moderator' });
    const streams = vi.fn(async () => live(1));
    renderWithServices(<LiveStreams />, { streams, takedown, streamStatusEvents: quiet }, { user: moderator });
    fireEvent.click(await screen.findByRole('button', { name: 'Take down…' }));
    const form = screen.getByRole('form', { name: 'Take a stream down' });
    expect((within(form).getByLabelText('Stream id') as HTMLInputElement).value).toBe('s1');
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: ' ' } });
    fireEvent.submit(form);
    expect(await within(form).findByText('must not be blank')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'violence' } });
    fireEvent.submit(form);
    expect(await within(form).findByText(/is taken_down \(by m1 as moderator\)/)).toBeTruthy();
    expect(takedown.mock.calls[1]!.slice(0, 2)).toEqual(['s1', 'violence']);
    await waitFor(() => expect(streams).toHaveBeenCalledTimes(2));
  });

  it('shows an error box when discovery fails', async () => {
    const streams = vi.fn(async () => {
      throw new ApiProblem({ status: 503, title: 'Service Unavailable' });
    });
    renderWithServices(<LiveStreams />, { streams, streamStatusEvents: quiet }, { user: moderator });
    expect(await screen.findByRole('alert')).toBeTruthy();
  });

  it('sends a chat mute with its duration in seconds', async () => {
    const moderateChat = vi.fn(async () => ({ stream_id: 's1', action: 'mute', target: 'u9', changed: true }));
    renderWithServices(
      <ModerationPage />,
      { streams: never, moderateChat, streamStatusEvents: quiet },
      { user: moderator },
    );
    const section = screen.getByRole('region', { name: 'Chat moderation' });
    fireEvent.change(within(section).getByLabelText('Stream id'), { target: { value: 's1' } });
    fireEvent.change(within(section).getByLabelText('Action'), { target: { value: 'mutes' } });
    fireEvent.change(within(section).getByLabelText('User id'), { target: { value: 'u9' } });
    fireEvent.change(within(section).getByLabelText('Minutes'), { target: { value: '5' } });
    fireEvent.change(within(section).getByLabelText('Reason'), { target: { value: 'spam' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Apply' }));
    expect(await within(section).findByText(/mute u9: done/)).toBeTruthy();
    expect(moderateChat.mock.calls[0]!.slice(0, 2)).toEqual([
      's1',
      { action: 'mutes', user_id: 'u9', duration_s: 300, reason: 'spam' },
    ]);
    // a moderator cannot read the audit trail (admins and auditors only): the page says so instead of a 403
    expect(screen.getByText(/readable by admins and auditors only/)).toBeTruthy();
  });

  it('filters the moderation audit trail by stream and pages with before_id', async () => {
    const entry = (id: number) => ({
      id,
      stream_id: 's1',
      action: 'ban',
      actor_id: 'm1',
      target: `u${id}`,
      reason: 'spam',
      detail: null,
      occurred_at: '2026-11-21T10:00:00Z',
    });
    const moderationActions = vi.fn(async (_s: string | null, before: number | null) =>
      before ? { items: [entry(1)], next_before_id: null } : { items: [entry(2)], next_before_id: 2 },
    );
    renderWithServices(<ModerationActions />, { moderationActions }, { user: moderator });
    expect(await screen.findByText('u2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('u1')).toBeTruthy();
    const form = screen.getByRole('search', { name: 'Moderation audit filter' });
    fireEvent.change(within(form).getByLabelText('Stream id'), { target: { value: 's7' } });
    fireEvent.submit(form);
    await waitFor(() => expect(moderationActions).toHaveBeenCalledTimes(3));
    expect(moderationActions.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      [null, null],
      [null, 2],
      ['s7', null],
    ]);
  });
});
