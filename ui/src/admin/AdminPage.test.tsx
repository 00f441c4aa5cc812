import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Payment, PaymentFilter, PaymentPage, PriceList, PriceRequest } from '../api/creditcast';
import { ApiProblem, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { AdminPage, PaymentsSection, PricesSection, ReconciliationSection, RevenueSection } from './AdminPage';

const admin = { id: 'ad', name: 'ad', roles: ['admin' as const] };
const never = () => new Promise<never>(() => undefined);

const priceList: PriceList = {
  prices: [
    { price_id: 'p1', product_code: 'pack-500', credits: 500, amount_minor: 499, currency: 'USD', active: true },
    { price_id: 'p2', product_code: 'pack-old', credits: 100, amount_minor: 199, currency: 'EUR', active: false },
  ],
  fx_rates: [],
};

const payment = (id: string, status = 'SUCCEEDED'): Payment => ({
  payment_id: id,
  user_id: 'v1',
  status,
  provider: 'stripe',
  provider_ref: 'cs_1',
  product_code: 'pack-500',
  credits: 500,
  amount_minor: 499,
  currency: 'USD',
  refunded_amount_minor: 0,
  refunded_credits: 0,
  failure_reason: null,
  created_at: '2026-11-21T10:00:00Z',
  succeeded_at: '2026-11-21T10:01:00Z',
  refunds: [],
  disputes: [],
});

describe('the admin console', () => {
  it('renders every section with its own loading state', async () => {
    renderWithServices(
      <AdminPage />,
      {
        adminPrices: never,
        adminPayments: never,
        adminPayouts: never,
        projections: never,
        revenue: never,
        moderationActions: never,
      },
      { user: admin },
    );
    expect(screen.getByRole('heading', { name: 'Admin' })).toBeTruthy();
    expect(screen.getByText('Loading prices…')).toBeTruthy();
    expect(screen.getByText('Loading payments…')).toBeTruthy();
    expect(screen.getByText('Loading payouts…')).toBeTruthy();
    expect(screen.getByText('Loading projections…')).toBeTruthy();
    for (const name of [
      'Prices',
      'Payments',
      'Payouts',
      'Revenue by source',
      'Reconciliation',
      'Chat moderation audit trail',
    ]) {
      expect(screen.getByRole('region', { name })).toBeTruthy();
    }
  });

  it('lists prices, withdraws one and saves a new one, showing the field at fault', async () => {
    const putPrice = vi
      .fn()
      .mockResolvedValueOnce(priceList.prices[0])
      .mockRejectedValueOnce(
        new ApiProblem({
          status: 400,
          type: `${PROBLEM_TYPE_BASE}validation`,
          errors: [{ field: 'currency', message: 'no FX rate' }],
        }),
      );
    const adminPrices = vi.fn(async () => priceList);
    renderWithServices(<PricesSection />, { adminPrices, putPrice }, { user: admin });
    const table = await screen.findByTestId('prices');
    expect(within(table).getByText('$4.99')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: 'Withdraw' }));
    await waitFor(() => expect(adminPrices).toHaveBeenCalledTimes(2));
    expect(putPrice.mock.calls[0]![0]).toEqual({
      product_code: 'pack-500',
      credits: 500,
      amount_minor: 499,
      currency: 'USD',
      active: false,
    } satisfies PriceRequest);

    const form = screen.getByRole('form', { name: 'Create or update a price' });
    fireEvent.change(within(form).getByLabelText('Product code'), { target: { value: 'pack-1000' } });
    fireEvent.change(within(form).getByLabelText('Amount (minor units)'), { target: { value: '999' } });
    fireEvent.change(within(form).getByLabelText('Currency'), { target: { value: 'chf' } });
    fireEvent.submit(form);
    expect(await screen.findByText('currency: no FX rate')).toBeTruthy();
    expect(putPrice.mock.calls[1]![0]).toEqual({
      product_code: 'pack-1000',
      credits: undefined,
      amount_minor: 999,
      currency: 'CHF',
      active: true,
    });
  });

  it('filters payments by status and provider, pages with the cursor and starts again on a new filter', async () => {
    const adminPayments = vi.fn(async (_f: PaymentFilter, cursor: string | null): Promise<PaymentPage> =>
      cursor ? { items: [payment('pay-2')], next_cursor: null } : { items: [payment('pay-1')], next_cursor: 'n1' },
    );
    renderWithServices(<PaymentsSection />, { adminPayments }, { user: admin });
    expect(await screen.findByText('pay-1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('pay-2')).toBeTruthy();
    const form = screen.getByRole('search', { name: 'Payment filters' });
    fireEvent.change(within(form).getByLabelText('Status'), { target: { value: 'FAILED' } });
    fireEvent.change(within(form).getByLabelText('Provider'), { target: { value: 'coinbase' } });
    fireEvent.submit(form);
    await waitFor(() => expect(adminPayments).toHaveBeenCalledTimes(3));
    expect(adminPayments.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      [{}, null],
      [{}, 'n1'],
      [{ status: 'FAILED', provider: 'coinbase', user_id: undefined }, null],
    ]);
  });

  it('shows a failed payments call with a retry', async () => {
    const adminPayments = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 403, type: `${PROBLEM_TYPE_BASE}forbidden` }))
      .mockResolvedValueOnce({ items: [payment('pay-9')], next_cursor: null });
    renderWithServices(<PaymentsSection />, { adminPayments }, { user: admin });
    fireEvent.click(within(await screen.findByRole('alert')).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('pay-9')).toBeTruthy();
  });

  it('posts a refund with an Idempotency-Key and reuses it when the same refund is retried', async () => {
    const refund = vi
      .fn()
      .mockRejectedValueOnce(new ApiProblem({ status: 503 }))
      .mockResolvedValueOnce({ transaction_id: 't', balance_minor: 0, flagged: false, replayed: false });
    const adminPayments = vi.fn(async () => ({ items: [payment('pay-1')], next_cursor: null }));
    renderWithServices(<PaymentsSection />, { adminPayments, refund }, { user: admin });
    fireEvent.click(await screen.findByRole('button', { name: 'Refund / chargeback…' }));
    const form = screen.getByRole('form', { name: 'Refund or chargeback of pay-1' });
    fireEvent.change(within(form).getByLabelText('Credits'), { target: { value: '200' } });
    fireEvent.change(within(form).getByLabelText('Provider reference (refund or dispute id)'), {
      target: { value: 're_1' },
    });
    fireEvent.submit(form);
    await within(form).findByRole('alert');
    fireEvent.submit(form);
    expect(await within(form).findByText(/wallet now holds 0 credits/)).toBeTruthy();
    expect(refund.mock.calls[0]![0]).toEqual({
      user_id: 'v1',
      payment_id: 'pay-1',
      reference_id: 're_1',
      amount_minor: 200,
    });
    expect(refund.mock.calls[1]![1]).toBe(refund.mock.calls[0]![1]);
  });

  it('draws net revenue per period and source, and asks again when the period changes', async () => {
    const revenue = vi.fn(async (_from: string, _to: string, period: 'day' | 'month') => [
      {
        period: period === 'day' ? '2026-11-01' : '2026-11',
        source: 'card',
        deposits_minor: 100,
        deposit_count: 2,
        refunds_minor: 10,
        chargebacks_minor: 0,
        chargeback_reversals_minor: 0,
        net_minor: 90,
      },
    ]);
    const { container } = renderWithServices(<RevenueSection />, { revenue }, { user: admin });
    expect(await screen.findByText(/Net 90 credits/)).toBeTruthy();
    expect(container.querySelector('svg[role=img]')?.getAttribute('aria-label')).toBe(
      'Net revenue by period and payment source',
    );
    fireEvent.change(screen.getByLabelText('Per'), { target: { value: 'month' } });
    await waitFor(() => expect(revenue).toHaveBeenCalledTimes(2));
    expect(revenue.mock.calls[1]![2]).toBe('month');
    expect(await screen.findByText('2026-11')).toBeTruthy();
  });

  it('runs the reconciliation and lists the differences', async () => {
    const reconciliation = vi.fn(async () => ({
      checked_up_to_global_index: 120,
      events_folded: 120,
      accounts_checked: 9,
      wallets_checked: 4,
      event_store_sum_minor: 0,
      difference_count: 1,
      truncated: false,
      differences: [{ account_id: 'wallet:v1', read_model_minor: 5, event_store_minor: 7, difference_minor: -2 }],
    }));
    renderWithServices(<ReconciliationSection />, { reconciliation }, { user: admin });
    fireEvent.click(screen.getByRole('button', { name: 'Run reconciliation' }));
    const report = await screen.findByTestId('reconciliation');
    expect(report.textContent).toMatch(/1 difference\(s\): 9 accounts and 4 wallets checked up to event 120/);
    expect(within(report).getByText('wallet:v1')).toBeTruthy();
  });
});
