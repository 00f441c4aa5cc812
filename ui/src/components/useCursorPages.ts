import { useEffect, useState } from 'react';
import { useAsync } from './async';

/**
 * A filtered list read in cursor pages and shown as one growing list ("Load more"): `restart` with a new
 * filter starts again from the first page; `loadMore` is null when the last page said there is no more.
 */
export function useCursorPages<F, P extends { next_cursor: string | null }>(
  load: (filter: F, cursor: string | null, signal: AbortSignal) => Promise<P>,
  initialFilter: F,
  deps: readonly unknown[],
) {
  const [filter, setFilter] = useState<F>(initialFilter);
  const [cursor, setCursor] = useState<string | null>(null);
  const [pages, setPages] = useState<P[]>([]);
  const page = useAsync((signal) => load(filter, cursor, signal), [...deps, filter, cursor]);
  useEffect(() => {
    if (page.state.status === 'ready') {
      const value = page.state.value;
      setPages((prev) => (prev.includes(value) ? prev : [...prev, value]));
    }
  }, [page.state]);
  const restart = (next: F) => {
    setPages([]);
    setCursor(null);
    setFilter(next);
    page.reload();
  };
  const next = pages.at(-1)?.next_cursor ?? null;
  return { page, pages, filter, restart, loadMore: next ? () => setCursor(next) : null };
}
