import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { describeError, ApiProblem } from '../api/problem';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; value: T };

/** Runs `load` on mount and whenever `deps` change; `reload` runs it again. Aborts stale calls. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastNonce = useRef(nonce);
  useEffect(() => {
    const controller = new AbortController();
    // a reload keeps showing the current value until the new one arrives (no flicker, no lost form state)
    const isReload = lastNonce.current !== nonce;
    lastNonce.current = nonce;
    setState((prev) => (isReload && prev.status === 'ready' ? prev : { status: 'loading' }));
    loadRef.current(controller.signal).then(
      (value) => !controller.signal.aborted && setState({ status: 'ready', value }),
      (error: unknown) => !controller.signal.aborted && setState({ status: 'error', error }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { state, reload, setState };
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** An error box; a 404 without a Creditcast problem type means the API has not been built yet. */
export function ErrorBox({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what?: string }) {
  const notBuilt = error instanceof ApiProblem && error.status === 404 && !error.slug;
  return (
    <div className={notBuilt ? 'notice pending' : 'notice error'} role="alert">
      <p>
        {what ? <strong>{what}: </strong> : null}
        {describeError(error)}
      </p>
      {onRetry && !notBuilt ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

/** Marks a part of the UI whose server API does not exist yet. Shows no data, made-up or otherwise. */
export function PendingApi({ title, waitsFor, children }: { title: string; waitsFor: string; children?: ReactNode }) {
  return (
    <section className="notice pending" aria-label={`${title} (not available yet)`}>
      <h2>{title}</h2>
      <p>
        <strong>Not available yet.</strong> This screen waits for {waitsFor}. No data is shown until that API exists.
      </p>
      {children}
    </section>
  );
}

export function formatCredits(minor: number | null | undefined): string {
  if (minor === null || minor === undefined) return '—';
  return `${minor.toLocaleString('en-US')} credit${minor === 1 ? '' : 's'}`;
}
