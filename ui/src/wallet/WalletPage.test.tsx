import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Balance, PaymentProvider } from '../api/creditcast';
import { ApiProblem } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { BuyCredits, WalletPage } from './WalletPage';

const never = () => new Promise<never>(() => undefined);

const balance = (minor: number, low = false): Balance => ({
  wallet_id: 'v1',
  balance_minor: minor,
  flagged: false,
  rate_per_interval_minor: 2,
  intervals_covered: Math.floor(minor / 2),
  low_balance: low,
  low_balance_intervals: 6,
});

describe('the wallet page', () => {
  it('shows the read model balance, follows the live stream and raises the low-balance toast', async () => {
    let push: (b: Balance) => void = () => undefined;
    const balanceEvents = vi.fn((onBalance: (b: Balance) => void) => {
      push = onBalance;
      return never();
    });
    renderWithServices(<WalletPage />, {
      balance: async () => balance(100),
      balanceEvents,
      prices: never,
      ledger: never,
    });
    await waitFor(() => expect(screen.getByTestId('wallet-balance').textContent).toBe('100 credits'));
    push(balance(100));
    await waitFor(() => expect(screen.getByTestId('live-indicator').textContent).toBe('live'));
    expect(screen.queryByTestId('low-balance-toast')).toBeNull();
    push(balance(6, true));
    const toast = await screen.findByTestId('low-balance-toast');
    expect(toast.textContent).toMatch(/6 credits covers 3 more intervals/);
    expect(screen.getByTestId('wallet-balance').textContent).toBe('6 credits');
    fireEvent.click(within(toast).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('low-balance-toast')).toBeNull();
  });

  it("shows the command side's balance, marked, when the query service does not answer", async () => {
    renderWithServices(<WalletPage />, {
      balance: async () => {
        throw new ApiProblem({ status: 503, title: 'Service Unavailable' });
      },
      balanceEvents: never,
      wallet: async () => ({ wallet_id: 'v1', balance_minor: 42, flagged: false }),
      prices: never,
      ledger: never,
    });
    await waitFor(() => expect(screen.getByTestId('wallet-balance').textContent).toBe('42 credits'));
    expect(screen.getByText(/From the command service/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Live balance \(query service\)/);
  });

  it('lists ledger postings from the query service', async () => {
    renderWithServices(<WalletPage />, {
      balance: never,
      balanceEvents: never,
      prices: never,
      ledger: async () => ({
        wallet_id: 'v1',
        entries: [
          {
            global_index: 7,
            leg: 1,
            transaction_id: 't7',
            entry_type: 'tip',
            reference: 'tip-1',
            account_id: 'wallet:v1',
            amount_minor: -10,
            occurred_at: '2026-11-21T10:00:00Z',
          },
        ],
        next_cursor: null,
      }),
    });
    expect(await screen.findByText('tip')).toBeTruthy();
    expect(screen.getByText('-10')).toBeTruthy();
  });
});

describe('buying credits', () => {
  const prices = async () => ({
    prices: [
      { price_id: 'p1', product_code: 'pack-500', credits: 500, amount_minor: 499, currency: 'USD', active: true },
    ],
    fx_rates: [],
  });

  it('completes a sandbox checkout in place with one Idempotency-Key', async () => {
    const checkout = vi.fn(async (price_id: string, provider: PaymentProvider, _key: string) => ({
      payment_id: 'pay-1',
      status: 'PENDING',
      provider,
      provider_ref: 'cs_sandbox_pay-1',
      checkout_url: '/api/v1/payments/sandbox/pay-1/complete',
      credits: 500,
      amount_minor: 499,
      currency: 'USD',
      replayed: false,
      price_id,
    }));
    const completeSandboxCheckout = vi.fn(async () => ({ received: true, event_id: 'e', duplicate: false }));
    renderWithServices(<BuyCredits />, { prices, checkout, completeSandboxCheckout });
    fireEvent.click(await screen.findByLabelText('500 credits for $4.99'));
    fireEvent.change(screen.getByLabelText('Pay with'), { target: { value: 'sandbox' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buy' }));
    expect(await screen.findByText(/Sandbox payment pay-1 completed/)).toBeTruthy();
    expect(checkout.mock.calls[0]!.slice(0, 2)).toEqual(['p1', 'sandbox']);
    expect(checkout.mock.calls[0]![2]).toMatch(/.+/);
    expect(completeSandboxCheckout).toHaveBeenCalledWith('/api/v1/payments/sandbox/pay-1/complete');
  });

  it('shows a failed price list with a retry', async () => {
    const pricesCall = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 502 }))
      .mockImplementation(prices);
    renderWithServices(<BuyCredits />, { prices: pricesCall });
    fireEvent.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('500 credits for $4.99')).toBeTruthy();
  });
});
