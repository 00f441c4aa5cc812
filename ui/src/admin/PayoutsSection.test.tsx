import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PayoutFilter, PayoutQueuePage, QueuedPayout } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { PayoutsSection } from './PayoutsSection';

const admin = { id: 'ad', name: 'ad', roles: ['admin' as const] };

const payout = (id: string, status: string, extra: Partial<QueuedPayout> = {}): QueuedPayout => ({
  payout_id: id,
  creator_id: 'carol',
  amount_minor: 1500,
  status,
  approvals: 0,
  last_approver: null,
  provider_reference: null,
  failure_reason: null,
  requested_at: '2026-12-01T10:00:00Z',
  updated_at: '2026-12-01T10:00:00Z',
  ...extra,
});

describe('the payout queue', () => {
  it('starts with the requests waiting for approval, pages on, and filters by status and creator', async () => {
    const adminPayouts = vi.fn(async (filter: PayoutFilter, cursor: string | null): Promise<PayoutQueuePage> =>
      cursor === null
        ? {
            payouts: [payout('po-1', 'PENDING', { approvals: 1, last_approver: 'ad2' })],
            next_cursor: filter.creator ? null : 'c2',
          }
        : { payouts: [payout('po-2', 'PENDING')], next_cursor: null },
    );
    renderWithServices(<PayoutsSection />, { adminPayouts }, { user: admin });
    const table = await screen.findByTestId('payouts');
    await within(table).findByText('po-1');
    expect(adminPayouts.mock.calls[0]![0]).toEqual({ status: 'PENDING' });
    expect(within(table).getByText(/1 approval \(last: ad2\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await within(table).findByText('po-2');
    expect(adminPayouts.mock.calls.at(-1)![1]).toBe('c2');

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Creator id'), { target: { value: ' carol ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(adminPayouts.mock.calls.at(-1)![0]).toEqual({ status: undefined, creator: 'carol' }));
    await waitFor(() => expect(within(table).queryByText('po-2')).toBeNull());
    expect(adminPayouts.mock.calls.at(-1)![1]).toBeNull();
  });

  it('approves with one key per intent, reuses it on a retry, and reloads the queue', async () => {
    const adminPayouts = vi.fn(async () => ({ payouts: [payout('po-1', 'PENDING')], next_cursor: null }));
    const approvePayout = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('network down'))
      .mockResolvedValueOnce({ payout_id: 'po-1', status: 'APPROVED', replayed: false });
    renderWithServices(<PayoutsSection />, { adminPayouts, approvePayout }, { user: admin });
    fireEvent.click(await screen.findByRole('button', { name: 'Decide…' }));
    const form = screen.getByRole('form', { name: 'Decision on payout po-1' });
    fireEvent.click(within(form).getByRole('button', { name: 'Approve' }));
    await within(form).findByRole('alert');
    fireEvent.click(within(form).getByRole('button', { name: 'Approve' }));
    await within(form).findByText(/now approved/);
    expect(approvePayout).toHaveBeenCalledTimes(2);
    expect(approvePayout.mock.calls[0]![0]).toBe('po-1');
    expect(approvePayout.mock.calls[1]![1]).toBe(approvePayout.mock.calls[0]![1]); // same intent, same key
    await waitFor(() => expect(adminPayouts).toHaveBeenCalledTimes(2));
  });

  it('completes an approved payout with its reference and shows the field at fault on a refusal', async () => {
    const adminPayouts = vi.fn(async () => ({ payouts: [payout('po-3', 'APPROVED')], next_cursor: null }));
    const completePayout = vi.fn().mockRejectedValueOnce(
      new ApiProblem({
        status: 400,
        type: `${PROBLEM_TYPE_BASE}validation`,
        errors: [{ field: 'provider_reference', message: 'must not be blank' }],
      }),
    );
    renderWithServices(<PayoutsSection />, { adminPayouts, completePayout }, { user: admin });
    fireEvent.click(await screen.findByRole('button', { name: 'Decide…' }));
    const form = screen.getByRole('form', { name: 'Decision on payout po-3' });
    expect((within(form).getByLabelText('Decision') as HTMLSelectElement).value).toBe('complete');
    expect(within(form).queryByRole('option', { name: 'Approve' })).toBeNull();
    const reference = within(form).getByLabelText('Bank or provider reference') as HTMLInputElement;
    expect(reference.maxLength).toBe(200);
    fireEvent.change(reference, { target: { value: 'SEPA-42' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Complete' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/provider_reference/);
    expect(completePayout.mock.calls[0]!.slice(0, 2)).toEqual(['po-3', 'SEPA-42']);
  });

  it('fails a payout with a reason, and offers no decision on a finished one', async () => {
    const adminPayouts = vi.fn(async () => ({
      payouts: [payout('po-4', 'PENDING'), payout('po-5', 'COMPLETED', { provider_reference: 'bank-9' })],
      next_cursor: null,
    }));
    const failPayout = vi.fn(async () => ({ payout_id: 'po-4', status: 'FAILED', replayed: true }));
    renderWithServices(<PayoutsSection />, { adminPayouts, failPayout }, { user: admin });
    const table = await screen.findByTestId('payouts');
    const buttons = await within(table).findAllByRole('button', { name: 'Decide…' });
    expect((buttons[1] as HTMLButtonElement).disabled).toBe(true);
    expect(within(table).getByText('bank-9')).toBeTruthy();
    fireEvent.click(buttons[0]!);
    const form = screen.getByRole('form', { name: 'Decision on payout po-4' });
    fireEvent.change(within(form).getByLabelText('Decision'), { target: { value: 'fail' } });
    const reason = within(form).getByLabelText('Reason') as HTMLInputElement;
    expect(reason.maxLength).toBe(500);
    fireEvent.change(reason, { target: { value: 'account closed' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Fail payout' }));
    await within(form).findByText(/now failed \(this decision was already recorded\)/);
    expect(failPayout.mock.calls[0]!.slice(0, 2)).toEqual(['po-4', 'account closed']);
  });

  it('shows the error with a retry when the queue cannot be read', async () => {
    const adminPayouts = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 503, type: `${PROBLEM_TYPE_BASE}unavailable` }))
      .mockResolvedValueOnce({ payouts: [], next_cursor: null });
    renderWithServices(<PayoutsSection />, { adminPayouts }, { user: admin });
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    await screen.findByText('No payouts match.');
  });
});
