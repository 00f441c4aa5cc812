import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectionStatus } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { IDLE_POLL_MS, ProjectionsSection, REPLAY_POLL_MS } from './ProjectionsSection';

const admin = { id: 'ad', name: 'ad', roles: ['admin' as const] };

const projection = (name: string, extra: Partial<ProjectionStatus> = {}): ProjectionStatus => ({
  name,
  running: true,
  replaying: false,
  position_global_index: 1000,
  head_global_index: 1000,
  behind_events: 0,
  progress_percent: 100,
  error: null,
  ...extra,
});

afterEach(() => vi.useRealTimers());

describe('the read models section', () => {
  it('shows progress, confirms a replay, and polls faster while it runs', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const projections = vi
      .fn()
      .mockResolvedValueOnce([projection('ledger'), projection('earnings')])
      .mockResolvedValue([
        projection('ledger', {
          replaying: true,
          position_global_index: 250,
          behind_events: 750,
          progress_percent: 25,
        }),
        projection('earnings'),
      ]);
    const replayProjection = vi.fn(async (name: string) => projection(name, { replaying: true }));
    renderWithServices(<ProjectionsSection />, { projections, replayProjection }, { user: admin });
    const table = await screen.findByTestId('projections');
    const ledgerRow = within(table).getByRole('row', { name: /^ledger/ });
    expect(within(ledgerRow).getByRole('progressbar', { name: 'ledger progress' }).getAttribute('value')).toBe('100');

    fireEvent.click(within(ledgerRow).getByRole('button', { name: 'Replay…' }));
    expect(replayProjection).not.toHaveBeenCalled(); // asks first
    fireEvent.click(within(ledgerRow).getByRole('button', { name: 'Rebuild ledger now' }));
    await screen.findByText('The replay of ledger has started.');
    expect(replayProjection).toHaveBeenCalledWith('ledger', expect.anything());

    const row = await within(table).findByRole('row', { name: /replaying/ });
    expect(within(row).getByRole('progressbar').getAttribute('value')).toBe('25');
    expect(within(row).getByText('750')).toBeTruthy();
    expect((within(row).getByRole('button', { name: 'Replay…' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(`Refreshed every ${REPLAY_POLL_MS / 1000} s.`, { exact: false })).toBeTruthy();
    const calls = projections.mock.calls.length;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(REPLAY_POLL_MS + 10);
    });
    expect(projections.mock.calls.length).toBeGreaterThan(calls);
    expect(REPLAY_POLL_MS).toBeLessThan(IDLE_POLL_MS);
  });

  it('shows a failing projection and a refused replay', async () => {
    const projections = vi.fn(async () => [projection('analytics', { error: 'handler threw', running: false })]);
    const replayProjection = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiProblem({ status: 403, type: `${PROBLEM_TYPE_BASE}forbidden`, detail: 'admins only' }),
      );
    renderWithServices(<ProjectionsSection />, { projections, replayProjection }, { user: admin });
    expect(await screen.findByText('failing: handler threw')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Replay…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Rebuild analytics now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('admins only');
  });

  it('shows the error with a retry when the status cannot be read', async () => {
    const projections = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 503 }))
      .mockResolvedValueOnce([projection('ledger')]);
    renderWithServices(<ProjectionsSection />, { projections }, { user: admin });
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('projections')).toBeTruthy();
  });
});
