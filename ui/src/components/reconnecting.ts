/** Reconnects of a server-sent event stream: backoff doubling from 1 s up to 30 s. */
export const SSE_RETRY_MIN_MS = 1_000;
export const SSE_RETRY_MAX_MS = 30_000;

/**
 * Keeps an event stream open until `signal` aborts: `open` runs the stream (resolving or failing when it
 * ends), and is called again after a backoff that doubles from {@link SSE_RETRY_MIN_MS} to
 * {@link SSE_RETRY_MAX_MS}. Call the returned `received` on every event: it resets the backoff.
 * `onDown` is told each time the stream ended (before the wait).
 */
export function keepOpen(
  open: (signal: AbortSignal) => Promise<void>,
  signal: AbortSignal,
  onDown: () => void = () => undefined,
): { received: () => void } {
  let retryMs = SSE_RETRY_MIN_MS;
  let timer: number | undefined;
  signal.addEventListener('abort', () => window.clearTimeout(timer));
  const connect = () => {
    open(signal)
      .catch(() => undefined)
      .finally(() => {
        if (signal.aborted) return;
        onDown();
        timer = window.setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, SSE_RETRY_MAX_MS);
      });
  };
  connect();
  return {
    received: () => {
      retryMs = SSE_RETRY_MIN_MS;
    },
  };
}
