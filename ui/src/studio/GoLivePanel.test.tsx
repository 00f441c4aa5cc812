import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IngestHealth } from '../api/creditcast';
import { ApiProblem } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { GoLivePanel, HEALTH_POLL_MS } from './GoLivePanel';

const creator = { id: 'carol', name: 'carol', roles: ['creator' as const] };
const NOW = Date.parse('2026-12-03T20:10:00Z');

const live = (health: Partial<NonNullable<IngestHealth['health']>> | null, viewers = 3): IngestHealth => ({
  stream_id: 's-1',
  status: 'LIVE',
  ingest_session_id: 'sess-1',
  live_since: '2026-12-03T20:00:00Z',
  viewers,
  listeners: 0,
  health:
    health === null
      ? null
      : {
          reported_at: '2026-12-03T20:09:58Z',
          age_ms: 2_000,
          stale: false,
          publisher_connected: true,
          input_bitrate_kbps: 2_500,
          encoder_fps: 29.97,
          encoder_speed: 1.01,
          encoder_restarts: 1,
          ...health,
        },
});

async function flush() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

describe('the go-live status panel', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('shows a loading state first', () => {
    renderWithServices(
      <GoLivePanel streamId="s-1" />,
      { ingestHealth: () => new Promise(() => undefined) },
      {
        user: creator,
      },
    );
    expect(screen.getByRole('status').textContent).toMatch(/Reading the go-live status/);
  });

  it('shows status, uptime, viewers and every measured health figure', async () => {
    renderWithServices(
      <GoLivePanel streamId="s-1" now={() => NOW} />,
      { ingestHealth: async () => live({}) },
      {
        user: creator,
      },
    );
    await flush();
    expect(screen.getByTestId('go-live-status').textContent).toBe('● Live');
    expect(screen.getByTestId('go-live-uptime').textContent).toBe('10:00');
    expect(screen.getByTestId('go-live-viewers').textContent).toBe('3');
    expect(screen.getByTestId('health-bitrate').textContent).toBe('2,500 kbit/s');
    expect(screen.getByTestId('health-fps').textContent).toBe('29.97 fps');
    expect(screen.getByTestId('health-speed').textContent).toBe('1.01×');
    expect(screen.getByTestId('health-restarts').textContent).toBe('1');
    expect(screen.queryByTestId('go-live-stale')).toBeNull();
  });

  it('says "not measured" instead of inventing numbers, and warns when the report is stale', async () => {
    renderWithServices(
      <GoLivePanel streamId="s-1" now={() => NOW} />,
      {
        ingestHealth: async () =>
          live({ input_bitrate_kbps: null, encoder_fps: null, encoder_speed: null, stale: true, age_ms: 31_000 }),
      },
      { user: creator },
    );
    await flush();
    expect(screen.getByTestId('health-bitrate').textContent).toBe('not measured');
    expect(screen.getByTestId('health-fps').textContent).toBe('not measured');
    expect(screen.getByTestId('health-speed').textContent).toBe('not measured');
    expect(screen.getByTestId('go-live-stale').textContent).toMatch(/31 s old/);
  });

  it('says when no health was reported for the live session yet', async () => {
    renderWithServices(<GoLivePanel streamId="s-1" />, { ingestHealth: async () => live(null) }, { user: creator });
    await flush();
    expect(screen.getByTestId('go-live-no-health')).toBeTruthy();
  });

  it('polls every interval while live and stops once the stream has ended', async () => {
    const ingestHealth = vi
      .fn()
      .mockResolvedValueOnce(live({}, 3))
      .mockResolvedValueOnce(live({}, 7))
      .mockResolvedValueOnce({ ...live(null, 0), status: 'ENDED' });
    renderWithServices(<GoLivePanel streamId="s-1" />, { ingestHealth }, { user: creator });
    await flush();
    expect(screen.getByTestId('go-live-viewers').textContent).toBe('3');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(HEALTH_POLL_MS);
    });
    expect(screen.getByTestId('go-live-viewers').textContent).toBe('7');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(HEALTH_POLL_MS);
    });
    expect(screen.getByTestId('go-live-status').textContent).toBe('Ended');
    expect(screen.queryByTestId('go-live-health')).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(HEALTH_POLL_MS * 5);
    });
    expect(ingestHealth).toHaveBeenCalledTimes(3);
    expect(ingestHealth.mock.calls.every((c) => c[0] === 's-1')).toBe(true);
  });

  it('shows an error with a retry, and keeps polling', async () => {
    const ingestHealth = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 403, title: 'Forbidden', detail: 'only the creator' }))
      .mockResolvedValue(live({}));
    renderWithServices(<GoLivePanel streamId="s-1" />, { ingestHealth }, { user: creator });
    await flush();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(/Go-live status/);
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await flush();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('go-live-status').textContent).toBe('● Live');
  });
});
