import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { JournalFilter, JournalPage, JournalRow } from '../api/creditcast';
import { ApiProblem, NetworkError, PROBLEM_TYPE_BASE } from '../api/problem';
import { renderWithServices } from '../testing/render';
import { AuditorPage } from './AuditorPage';

const auditor = { id: 'a1', name: 'a1', roles: ['auditor' as const] };

const row = (n: number, type = 'metering'): JournalRow => ({
  global_index: n,
  leg: 0,
  transaction_id: `tx-${n}`,
  entry_type: type,
  reference: `ref-${n}`,
  account_id: 'wallet:v1',
  amount_minor: -n,
  occurred_at: '2026-11-21T10:00:00Z',
});

const never = () => new Promise<never>(() => undefined);

function renderAuditor(api: Record<string, unknown>) {
  return renderWithServices(<AuditorPage />, api, { user: auditor });
}

describe('the auditor console', () => {
  it('shows loading, then the journal, and follows next_cursor with "Load more"', async () => {
    let release: (p: JournalPage) => void = () => undefined;
    const journal = vi.fn((_f: JournalFilter, cursor: string | null): Promise<JournalPage> =>
      cursor
        ? Promise.resolve({ entries: [row(1)], next_cursor: null })
        : new Promise((r) => {
            release = r;
          }),
    );
    renderAuditor({ journal });
    expect(await screen.findByText('Loading the journal…')).toBeTruthy();
    release({ entries: [row(3), row(2)], next_cursor: 'c2' });
    expect(await screen.findByText('tx-3')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('tx-1')).toBeTruthy();
    expect(journal.mock.calls.map((c) => c[1])).toEqual([null, 'c2']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('sends the chosen filters and starts again from the first page', async () => {
    const journal = vi.fn(async (): Promise<JournalPage> => ({ entries: [row(1)], next_cursor: null }));
    renderAuditor({ journal });
    await screen.findByText('tx-1');
    const form = screen.getByRole('search', { name: 'Journal filters' });
    fireEvent.change(within(form).getByLabelText('Account'), { target: { value: ' wallet:alice ' } });
    fireEvent.change(within(form).getByLabelText('Type'), { target: { value: 'tip' } });
    fireEvent.change(within(form).getByLabelText('From'), { target: { value: '2026-11-01T00:00' } });
    fireEvent.submit(form);
    await waitFor(() => expect(journal).toHaveBeenCalledTimes(2));
    const [filter, cursor] = journal.mock.calls[1] as unknown as [JournalFilter, string | null];
    expect(cursor).toBeNull();
    expect(filter).toMatchObject({ account: 'wallet:alice', type: 'tip', reference: undefined, to: undefined });
    expect(filter.from).toBe(new Date('2026-11-01T00:00').toISOString());
  });

  it('shows a failed page with a retry that asks for the same page again', async () => {
    let fail = true;
    const journal = vi.fn(async (_f: JournalFilter, _cursor: string | null): Promise<JournalPage> => {
      if (fail) throw new NetworkError('offline');
      return { entries: [row(1)], next_cursor: null };
    });
    renderAuditor({ journal });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/could not be reached/);
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('tx-1')).toBeTruthy();
    expect(journal.mock.calls.map((c) => c[1])).toEqual([null, null]);
  });

  it('asks for a statement of an account for a period and shows it', async () => {
    const statement = vi.fn(async (account: string, from: string, to: string) => ({
      account_id: account,
      from,
      to,
      opening_balance_minor: 100,
      debits_minor: 30,
      credits_minor: 5,
      closing_balance_minor: 75,
      entry_count: 4,
    }));
    renderAuditor({ journal: never, statement });
    const section = screen.getByRole('region', { name: 'Statement' });
    fireEvent.change(within(section).getByLabelText('Account'), { target: { value: 'wallet:v1' } });
    fireEvent.change(within(section).getByLabelText('From'), { target: { value: '2026-11-01T00:00' } });
    fireEvent.change(within(section).getByLabelText('To (exclusive)'), { target: { value: '2026-12-01T00:00' } });
    fireEvent.submit(within(section).getByRole('button', { name: 'Show statement' }));
    expect((await within(section).findByTestId('statement')).textContent).toMatch(/Closing balance75 credits/);
    expect(statement).toHaveBeenCalledWith(
      'wallet:v1',
      new Date('2026-11-01T00:00').toISOString(),
      new Date('2026-12-01T00:00').toISOString(),
      expect.anything(),
    );
  });

  it('shows the balance as of an instant, and the field at fault when the account id is refused', async () => {
    const accountBalance = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiProblem({
          status: 400,
          type: `${PROBLEM_TYPE_BASE}validation`,
          errors: [{ field: 'account', message: 'is not an account id (kind:name, e.g. wallet:alice)' }],
        }),
      )
      .mockResolvedValueOnce({ account_id: 'wallet:v1', as_of: '2026-11-01T00:00:00Z', balance_minor: 42 });
    renderAuditor({ journal: never, accountBalance });
    const section = screen.getByRole('region', { name: 'Balance as of an instant' });
    fireEvent.change(within(section).getByLabelText('Account'), { target: { value: 'v1' } });
    fireEvent.submit(within(section).getByRole('button', { name: 'Show balance' }));
    expect(await within(section).findByText(/is not an account id/, { selector: '.field-error' })).toBeTruthy();
    fireEvent.change(within(section).getByLabelText('Account'), { target: { value: 'wallet:v1' } });
    fireEvent.change(within(section).getByLabelText('As of (empty: now)'), { target: { value: '2026-11-01T00:00' } });
    fireEvent.submit(within(section).getByRole('button', { name: 'Show balance' }));
    expect((await within(section).findByTestId('balance-as-of')).textContent).toMatch(/42 credits before/);
    expect(accountBalance.mock.calls[0]!.slice(0, 2)).toEqual(['v1', null]);
    expect(accountBalance.mock.calls[1]![1]).toBe(new Date('2026-11-01T00:00').toISOString());
  });

  it('shows the trial balance per account kind', async () => {
    const trialBalance = vi.fn(async () => ({
      as_of: null,
      kinds: [
        { kind: 'platform', balance_minor: -50, account_count: 2 },
        { kind: 'wallet', balance_minor: 50, account_count: 7 },
      ],
      total_minor: 0,
      balanced: true,
    }));
    renderAuditor({ journal: never, trialBalance });
    fireEvent.click(screen.getByRole('button', { name: 'Show trial balance' }));
    const table = await screen.findByTestId('trial-balance');
    expect(table.querySelector('caption')?.textContent).toMatch(/^Balanced/);
    expect(table.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(trialBalance).toHaveBeenCalledWith(null, expect.anything());
  });

  it('exports the filtered journal as CSV through an authenticated download', async () => {
    const journalExport = vi.fn(async () => new Blob(['a,b\n']));
    const createObjectURL = vi.fn(() => 'blob:x');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderAuditor({ journal: never, journalExport });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(journalExport).toHaveBeenCalledWith({}, 'csv');
    click.mockRestore();
  });
});
