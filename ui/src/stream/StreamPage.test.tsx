import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { forwardRef, useEffect, useImperativeHandle } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MeterRequest, MeterResult } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { StreamPage, streamStatusText } from './StreamPage';

const player = vi.hoisted(() => ({ pause: vi.fn(), play: vi.fn(), broken: false }));

// The real player needs Media Source Extensions; this one "plays" as soon as it is mounted and
// reports pause/play like a video element does.
vi.mock('../player/HlsPlayer', () => ({
  HlsPlayer: forwardRef<
    unknown,
    {
      onPlay?: () => void;
      onPause?: () => void;
      onFatalError?: (m: string) => void;
      autoPlay?: boolean;
    }
  >(function FakePlayer(props, ref) {
    useImperativeHandle(ref, () => ({
      play: async () => {
        player.play();
        props.onPlay?.();
      },
      pause: () => {
        player.pause();
        props.onPause?.();
      },
      positionMs: () => 4200,
    }));
    useEffect(() => {
      if (props.autoPlay === false) return; // plays once the page allows it (the viewing session exists)
      if (player.broken) props.onFatalError?.('manifest 404'); // then the viewer presses play anyway
      props.onPlay?.();
    }, [props.autoPlay]); // eslint-disable-line react-hooks/exhaustive-deps
    return <video aria-label="fake player" />;
  }),
}));

const INTERVAL_MS = 20;

describe('the stream page', () => {
  it('meters each interval, pauses and opens the top-up dialog on 402, then retries the same interval after a top-up', async () => {
    let credits = 2;
    const calls: MeterRequest[] = [];
    const meter = vi.fn(async (req: MeterRequest): Promise<MeterResult> => {
      calls.push(req);
      if (credits <= 0) {
        throw new ApiProblem({
          status: 402,
          type: `${PROBLEM_TYPE_BASE}insufficient-credits`,
          title: 'Insufficient credits',
        });
      }
      credits -= 1;
      return {
        session_id: req.session_id,
        interval_index: req.interval_index,
        debited_minor: 1,
        remaining_credits: credits,
        next_allowed_ms: 0,
        replayed: false,
      };
    });
    const api = {
      following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
      startViewingSession: vi.fn(async (streamId: string) => ({
        session_id: 'sess-1',
        stream_id: streamId,
        creator_id: 'creator-1',
        rate_minor: 1,
        interval_ms: INTERVAL_MS,
      })),
      meter,
      wallet: vi.fn(async () => ({ wallet_id: 'v1', balance_minor: credits, flagged: false })),
      prices: vi.fn(async () => ({ prices: [], fx_rates: [] })),
    };
    renderWithServices(<StreamPage />, api, { path: '/streams/stream-1', route: '/streams/:streamId' });

    const dialog = await screen.findByRole('dialog', { name: 'You are out of credits' });
    expect(api.startViewingSession).toHaveBeenCalledWith('stream-1', expect.anything());
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1, 2]);
    expect(calls.every((c) => c.session_id === 'sess-1' && c.playback_ms === 4200)).toBe(true);
    expect(player.pause).toHaveBeenCalled();
    expect(screen.getByTestId('metering-state').textContent).toBe('out-of-credits');
    expect(screen.getByTestId('remaining-credits').textContent).toBe('0 credits');
    expect(document.activeElement?.textContent).toMatch(/I have topped up/);

    // still zero: the dialog stays and says so
    await userEvent.click(screen.getByRole('button', { name: /I have topped up/ }));
    expect(await screen.findByText(/Your balance is 0 credits/)).toBeTruthy();
    expect(calls).toHaveLength(3);

    credits = 10;
    await userEvent.click(screen.getByRole('button', { name: /I have topped up/ }));
    await waitFor(() => expect(dialog.isConnected).toBe(false));
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(5));
    expect(calls.map((c) => c.interval_index).slice(0, 5)).toEqual([0, 1, 2, 2, 3]);
    expect(player.play).toHaveBeenCalled();
  });

  it('opens the top-up dialog from the chat panel and asks for a new room token after the top-up', async () => {
    const chatToken = vi.fn(async () => {
      throw new ApiProblem({
        status: 402,
        type: `${PROBLEM_TYPE_BASE}chat-top-up-required`,
        title: 'Credits needed to chat',
        extensions: { reason: 'balance_zero' },
      });
    });
    const api = {
      following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
      startViewingSession: vi.fn(async (streamId: string) => ({
        session_id: 's',
        stream_id: streamId,
        creator_id: 'c',
        rate_minor: 1,
        interval_ms: 60_000,
      })),
      meter: vi.fn(async (req: MeterRequest): Promise<MeterResult> => ({
        session_id: 's',
        interval_index: req.interval_index,
        debited_minor: 1,
        remaining_credits: 50,
        next_allowed_ms: 0,
        replayed: false,
      })),
      chatToken,
      wallet: vi.fn(async () => ({ wallet_id: 'v1', balance_minor: 5, flagged: false })),
      prices: vi.fn(async () => ({ prices: [], fx_rates: [] })),
    };
    renderWithServices(<StreamPage />, api, { path: '/streams/x', route: '/streams/:streamId' });
    const plays = player.play.mock.calls.length;
    await userEvent.click(await screen.findByRole('button', { name: 'Top up to chat' }));
    const dialog = await screen.findByRole('dialog', { name: 'Credits needed to chat' });
    await userEvent.click(screen.getByRole('button', { name: /I have topped up/ }));
    await waitFor(() => expect(dialog.isConnected).toBe(false));
    await waitFor(() => expect(chatToken).toHaveBeenCalledTimes(2));
    expect(player.play.mock.calls.length).toBe(plays); // playback was not paused: nothing to resume
    expect(screen.getByTestId('metering-state').textContent).toBe('running');
  });

  it('warns when the balance covers fewer than LOW_BALANCE_INTERVALS intervals', async () => {
    const api = {
      following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
      startViewingSession: vi.fn(async (streamId: string) => ({
        session_id: 's',
        stream_id: streamId,
        creator_id: 'c',
        rate_minor: 1,
        interval_ms: 60_000,
      })),
      meter: vi.fn(async (req: MeterRequest): Promise<MeterResult> => ({
        session_id: 's',
        interval_index: req.interval_index,
        debited_minor: 1,
        remaining_credits: 2,
        next_allowed_ms: 0,
        replayed: false,
      })),
    };
    renderWithServices(<StreamPage />, api, { path: '/streams/x', route: '/streams/:streamId' });
    expect((await screen.findByTestId('low-balance')).textContent).toMatch(
      /Low balance: 2 credits left, enough for 2 more/,
    );
  });

  it('never meters a player that cannot play', async () => {
    player.broken = true;
    const meter = vi.fn();
    const api = {
      following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
      startViewingSession: vi.fn(async (streamId: string) => ({
        session_id: 's',
        stream_id: streamId,
        creator_id: 'c',
        rate_minor: 1,
        interval_ms: INTERVAL_MS,
      })),
      meter,
    };
    try {
      renderWithServices(<StreamPage />, api, { path: '/streams/x', route: '/streams/:streamId' });
      await screen.findByTestId('metering-status');
      await new Promise((r) => setTimeout(r, 5 * INTERVAL_MS));
      expect(meter).not.toHaveBeenCalled();
      expect(screen.getByTestId('metering-state').textContent).toBe('idle');
    } finally {
      player.broken = false;
    }
  });

  it('shows the error state when the session cannot be opened', async () => {
    const api = {
      following: vi.fn(async (creatorId: string) => ({ creator_id: creatorId, following: false, changed: false })),
      startViewingSession: vi.fn(async () => {
        throw new ApiProblem({ status: 404, type: `${PROBLEM_TYPE_BASE}unknown-stream`, detail: 'no stream nope' });
      }),
    };
    renderWithServices(<StreamPage />, api, { path: '/streams/nope', route: '/streams/:streamId' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/no stream nope/);
  });

  it('asks a signed-out visitor to sign in', () => {
    renderWithServices(<StreamPage />, {}, { path: '/streams/s', route: '/streams/:streamId', user: null });
    expect(screen.getByRole('link', { name: 'Sign in' })).toBeTruthy();
  });
});

describe('streamStatusText', () => {
  it('says a taken-down or ended stream is no longer live, and spells unknown statuses out', () => {
    expect(streamStatusText('live')).toBe('● Live');
    expect(streamStatusText('taken_down')).toBe('Taken down by moderation: no longer live');
    expect(streamStatusText('ended')).toBe('Stream ended: no longer live');
    expect(streamStatusText('some_new_status')).toBe('Stream some new status');
  });
});
