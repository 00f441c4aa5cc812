import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { JournalRow } from '../api/creditcast';
import { useLedger, type JournalRowPage as LedgerPage } from './useLedger';

const entry = (n: number): JournalRow => ({
  global_index: n,
  leg: 0,
  transaction_id: `tx-${n}`,
  entry_type: 'metering',
  reference: null,
  account_id: 'wallet:v1',
  amount_minor: -1,
  occurred_at: '2026-11-21T10:00:00Z',
});

describe('the ledger history', () => {
  it('follows next_cursor page by page, skips duplicates across pages and stops at the end', async () => {
    const pages: Record<string, LedgerPage> = {
      first: { entries: [entry(1), entry(2)], next_cursor: 'c2' },
      c2: { entries: [entry(2), entry(3)], next_cursor: 'c3' },
      c3: { entries: [entry(4)], next_cursor: null },
    };
    const fetchPage = vi.fn(async (cursor: string | null) => pages[cursor ?? 'first']!);
    const { result } = renderHook(() => useLedger(fetchPage));

    for (let i = 0; i < 3; i++) {
      act(() => result.current.loadMore());
      await waitFor(() => expect(result.current.loading).toBe(false));
    }
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([null, 'c2', 'c3']);
    expect(result.current.entries.map((e) => e.transaction_id)).toEqual(['tx-1', 'tx-2', 'tx-3', 'tx-4']);
    expect(result.current.done).toBe(true);
    act(() => result.current.loadMore());
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('keeps the cursor after a failed page so a retry asks for the same page', async () => {
    let fail = true;
    const fetchPage = vi.fn(async (cursor: string | null): Promise<LedgerPage> => {
      if (cursor === 'c2' && fail) throw new Error('boom');
      return cursor ? { entries: [entry(2)], next_cursor: null } : { entries: [entry(1)], next_cursor: 'c2' };
    });
    const { result } = renderHook(() => useLedger(fetchPage));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.loading).toBe(false));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.error).toBeTruthy());
    fail = false;
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.done).toBe(true));
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([null, 'c2', 'c2']);
    expect(result.current.entries).toHaveLength(2);
  });

  it('asks for one page at a time', async () => {
    let release: (p: LedgerPage) => void = () => undefined;
    const fetchPage = vi.fn(() => new Promise<LedgerPage>((r) => (release = r)));
    const { result } = renderHook(() => useLedger(fetchPage));
    act(() => {
      result.current.loadMore();
      result.current.loadMore();
    });
    expect(fetchPage).toHaveBeenCalledTimes(1);
    await act(async () => release({ entries: [], next_cursor: null }));
  });
});
