import { useCallback, useEffect, useRef, useState } from 'react';
import { journalRowKey, type JournalRow } from '../api/creditcast';

/** Most entries kept in the page at once; scrolling past it asks the viewer to open statements. */
export const MAX_LEDGER_ENTRIES = 2_000;

export interface LedgerState {
  entries: JournalRow[];
  loading: boolean;
  error: unknown;
  done: boolean;
  loadMore: () => void;
}

/** A page of journal rows (the wallet ledger and the auditor's journal share it). */
export interface JournalRowPage {
  entries: JournalRow[];
  next_cursor: string | null;
}

/**
 * Cursor pagination: each page brings `next_cursor`; null means the end. One request at a time.
 * Rows are posting legs, identified by (global index, leg).
 */
export function useLedger(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<JournalRowPage>,
): LedgerState {
  const [entries, setEntries] = useState<JournalRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const cursor = useRef<string | null>(null);
  const inFlight = useRef(false);
  const controller = useRef(new AbortController());

  const loadMore = useCallback(() => {
    if (inFlight.current || done) return;
    inFlight.current = true;
    setLoading(true);
    setError(null);
    fetchPage(cursor.current, controller.current.signal).then(
      (page) => {
        inFlight.current = false;
        setLoading(false);
        cursor.current = page.next_cursor;
        setEntries((prev) => {
          const seen = new Set(prev.map(journalRowKey));
          const merged = [...prev, ...page.entries.filter((e) => !seen.has(journalRowKey(e)))];
          return merged.slice(0, MAX_LEDGER_ENTRIES);
        });
        if (!page.next_cursor || page.entries.length === 0) setDone(true);
      },
      (e: unknown) => {
        inFlight.current = false;
        if (controller.current.signal.aborted) return;
        setLoading(false);
        setError(e);
      },
    );
  }, [fetchPage, done]);

  useEffect(() => {
    const c = controller.current;
    return () => c.abort();
  }, []);

  return { entries, loading, error, done: done || entries.length >= MAX_LEDGER_ENTRIES, loadMore };
}
