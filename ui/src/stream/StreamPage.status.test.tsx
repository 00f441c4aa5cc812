import { act, screen, waitFor } from '@testing-library/react';
import { forwardRef, useEffect, useImperativeHandle } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MeterRequest, MeterResult } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { StreamPage } from './StreamPage';

// The chat room's stream_status frames, handed to the page by the (fake) chat panel.
const room = vi.hoisted(() => ({ status: null as ((s: string) => void) | null }));
const player = vi.hoisted(() => ({ pause: vi.fn(), play: vi.fn(), autoPlay: [] as (boolean | undefined)[] }));

vi.mock('../chat/ChatPanel', () => ({
  ChatPanel: ({ onStreamStatus }: { onStreamStatus?: (s: string) => void }) => {
    room.status = onStreamStatus ?? null;
    return <p>fake chat</p>;
  },
}));

vi.mock('../player/HlsPlayer', () => ({
  HlsPlayer: forwardRef<unknown, { onPlay?: () => void; onPause?: () => void; autoPlay?: boolean }>(
    function FakePlayer(props, ref) {
      useImperativeHandle(ref, () => ({
        play: async () => {
          player.play();
          props.onPlay?.();
        },
        pause: () => {
          player.pause();
          props.onPause?.();
        },
        positionMs: () => 0,
      }));
      useEffect(() => {
        player.autoPlay.push(props.autoPlay);
        if (props.autoPlay !== false) props.onPlay?.(); // plays once the page allows it
      }, [props.autoPlay]); // eslint-disable-line react-hooks/exhaustive-deps
      return <video aria-label="fake player" />;
    },
  ),
}));

const INTERVAL_MS = 20;

describe('the stream page: session start and the end of the stream', () => {
  it.each([
    ['taken_down', 'Taken down by moderation: no longer live'],
    ['ended', 'Stream ended: no longer live'],
  ])('stops metering and playback on %s and says so', async (status, text) => {
    const calls: MeterRequest[] = [];
    const api = {
      following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
      startViewingSession: vi.fn(async (streamId: string) => ({
        session_id: 'sess-1',
        stream_id: streamId,
        creator_id: 'creator-1',
        rate_minor: 1,
        interval_ms: INTERVAL_MS,
      })),
      meter: vi.fn(async (req: MeterRequest): Promise<MeterResult> => {
        calls.push(req);
        return {
          session_id: req.session_id,
          interval_index: req.interval_index,
          debited_minor: 1,
          remaining_credits: 100,
          next_allowed_ms: 0,
          replayed: false,
        };
      }),
    };
    renderWithServices(<StreamPage />, api, { path: '/streams/s-1', route: '/streams/:streamId' });
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(2));
    act(() => room.status?.('live'));
    expect((await screen.findByTestId('stream-status')).textContent).toBe('● Live');

    act(() => room.status?.(status));
    expect(screen.getByTestId('stream-status').textContent).toBe(text);
    await waitFor(() => expect(screen.getByTestId('metering-state').textContent).toBe('stopped'));
    expect(player.pause).toHaveBeenCalled();
    // a stopped loop pings no more (meteringLoop.test.ts: "nothing after stop")
  });

  it.each([
    ['stream-taken-down', 'Taken down by moderation: no longer live'],
    ['stream-ended', 'Stream ended: no longer live'],
  ])(
    'shows the stream as over when the ledger refuses a ping with 409 %s, before the chat says so',
    async (slug, text) => {
      player.pause.mockClear();
      const calls: MeterRequest[] = [];
      const api = {
        following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
        startViewingSession: vi.fn(async (streamId: string) => ({
          session_id: 'sess-3',
          stream_id: streamId,
          creator_id: 'creator-1',
          rate_minor: 1,
          interval_ms: INTERVAL_MS,
        })),
        meter: vi.fn(async (req: MeterRequest): Promise<MeterResult> => {
          calls.push(req);
          if (req.interval_index >= 1) throw new ApiProblem({ status: 409, type: `${PROBLEM_TYPE_BASE}${slug}` });
          return {
            session_id: req.session_id,
            interval_index: req.interval_index,
            debited_minor: 1,
            remaining_credits: 100,
            next_allowed_ms: 0,
            replayed: false,
          };
        }),
      };
      renderWithServices(<StreamPage />, api, { path: '/streams/s-3', route: '/streams/:streamId' });
      expect((await screen.findByTestId('stream-status')).textContent).toBe(text);
      await waitFor(() => expect(screen.getByTestId('metering-state').textContent).toBe('stopped'));
      expect(player.pause).toHaveBeenCalled();
      expect(screen.queryByText(/could not be paid/)).toBeNull(); // not shown as a payment failure
      expect(calls.map((c) => c.interval_index)).toEqual([0, 1]);
    },
  );

  it('loads the player while the viewing session is being opened and plays (and meters) only once it exists', async () => {
    player.autoPlay.length = 0;
    let open: (s: unknown) => void = () => undefined;
    const calls: MeterRequest[] = [];
    const api = {
      following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
      startViewingSession: vi.fn(() => new Promise((resolve) => (open = resolve))),
      meter: vi.fn(async (req: MeterRequest): Promise<MeterResult> => {
        calls.push(req);
        return {
          session_id: req.session_id,
          interval_index: req.interval_index,
          debited_minor: 1,
          remaining_credits: 100,
          next_allowed_ms: 0,
          replayed: false,
        };
      }),
    };
    renderWithServices(<StreamPage />, api as never, { path: '/streams/s-2', route: '/streams/:streamId' });
    expect(screen.getByLabelText('fake player')).toBeTruthy();
    expect(screen.getByText('Opening a viewing session…')).toBeTruthy();
    expect(player.autoPlay).toEqual([false]);
    expect(calls).toEqual([]);

    act(() =>
      open({ session_id: 'sess-2', stream_id: 's-2', creator_id: 'c', rate_minor: 1, interval_ms: INTERVAL_MS }),
    );
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(1));
    expect(player.autoPlay).toEqual([false, true]);
    expect(calls[0]).toMatchObject({ session_id: 'sess-2', interval_index: 0 });
  });
});
