import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../app/context';
import { ErrorBox, Loading, formatCredits, useAsync } from '../components/async';
import { ApiProblem, describeError } from '../api/problem';
import { newIdempotencyKey } from '../api/idempotency';
import { PAYMENT_PROVIDERS, journalRowKey, type Balance, type PaymentProvider, type Wallet } from '../api/creditcast';
import { useLedger } from './useLedger';
import { keepOpen } from '../components/reconnecting';

export { SSE_RETRY_MAX_MS, SSE_RETRY_MIN_MS } from '../components/reconnecting';

/**
 * The wallet's balance from the query service: loaded once, then kept live over SSE
 * (`GET /api/v1/wallet/stream`). A dropped stream reconnects with backoff; the last value stays shown.
 * When the query service does not answer, the command service's strongly consistent balance
 * (`GET /api/v1/wallet`) is shown instead, marked as such (no live updates, no low-balance signal).
 */
export function useLiveBalance() {
  const { api } = useServices();
  const [balance, setBalance] = useState<Balance | null>(null);
  const [fallback, setFallback] = useState<Wallet | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    api.balance({ signal: controller.signal }).then(
      (b) => setBalance((prev) => prev ?? b),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        api.wallet({ signal: controller.signal }).then(
          (w) => setFallback(w),
          () => undefined,
        );
      },
    );
    const stream = keepOpen(
      (signal) =>
        api.balanceEvents((b) => {
          stream.received();
          setLive(true);
          setError(null);
          setBalance(b);
        }, signal),
      controller.signal,
      () => setLive(false),
    );
    return () => controller.abort();
  }, [api]);

  return { balance, fallback, error, live };
}

export function WalletPage() {
  const { balance, fallback, error, live } = useLiveBalance();
  const [toastDismissed, setToastDismissed] = useState(false);
  const low = balance?.low_balance ?? false;
  useEffect(() => {
    if (!low) setToastDismissed(false);
  }, [low]);
  return (
    <div className="wallet">
      <h1>Wallet</h1>
      {low && !toastDismissed && balance ? (
        <div className="toast" role="status" data-testid="low-balance-toast">
          <p>
            Low balance: {formatCredits(balance.balance_minor)} covers {balance.intervals_covered} more interval
            {balance.intervals_covered === 1 ? '' : 's'} of watching.
          </p>
          <button type="button" onClick={() => setToastDismissed(true)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <section className="card" aria-labelledby="balance-heading">
        <h2 id="balance-heading">
          Balance{' '}
          <span className={live ? 'badge live' : 'badge'} data-testid="live-indicator">
            {live ? 'live' : 'not live'}
          </span>
        </h2>
        {balance === null && error === null ? <Loading /> : null}
        {balance === null && error !== null ? <ErrorBox what="Live balance (query service)" error={error} /> : null}
        {balance === null && fallback !== null ? (
          <>
            <p className="balance" data-testid="wallet-balance">
              {formatCredits(fallback.balance_minor)}
            </p>
            <p className="muted">From the command service (no live updates until the query service answers).</p>
          </>
        ) : null}
        {balance !== null ? (
          <>
            <p className="balance" data-testid="wallet-balance" aria-live="polite">
              {formatCredits(balance.balance_minor)}
            </p>
            {balance.flagged ? (
              <p className="notice error">
                This wallet is flagged after a refund or chargeback and cannot spend until it is back at zero.
              </p>
            ) : null}
            <p className="muted">
              About {balance.intervals_covered} intervals of watching at{' '}
              {formatCredits(balance.rate_per_interval_minor)} each. Updates arrive as they are committed (read model: a
              second or so behind).
            </p>
          </>
        ) : null}
      </section>
      <BuyCredits />
      <LedgerHistory />
    </div>
  );
}

/** Price list, provider choice, checkout with redirect to the provider (the sandbox completes in place). */
export function BuyCredits() {
  const { api } = useServices();
  const prices = useAsync((signal) => api.prices({ signal }), [api]);
  const [priceId, setPriceId] = useState('');
  const [provider, setProvider] = useState<PaymentProvider>('stripe');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const keyRef = useRef<string | null>(null);

  const buy = async (e: React.FormEvent) => {
    e.preventDefault();
    keyRef.current ??= newIdempotencyKey();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const checkout = await api.checkout(priceId, provider, keyRef.current);
      keyRef.current = null;
      const url = checkout.checkout_url;
      if (checkout.provider === 'sandbox' && url?.startsWith('/api/v1/payments/sandbox/')) {
        await api.completeSandboxCheckout(url);
        setResult(`Sandbox payment ${checkout.payment_id} completed: ${formatCredits(checkout.credits)} on the way.`);
      } else if (url) {
        setResult('Redirecting to the payment provider…');
        window.location.assign(url);
      } else {
        setResult(`Payment ${checkout.payment_id} is ${checkout.status.toLowerCase()}.`);
      }
    } catch (err) {
      if (err instanceof ApiProblem && !err.transient) keyRef.current = null;
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="buy-heading">
      <h2 id="buy-heading">Buy credits</h2>
      {prices.state.status === 'loading' ? <Loading label="Loading prices…" /> : null}
      {prices.state.status === 'error' ? <ErrorBox error={prices.state.error} onRetry={prices.reload} /> : null}
      {prices.state.status === 'ready' ? (
        prices.state.value.prices.length === 0 ? (
          <p>No credit packs are on sale right now.</p>
        ) : (
          <form onSubmit={buy} className="buy-form">
            <fieldset>
              <legend>Pack</legend>
              {prices.state.value.prices.map((p) => (
                <label key={p.price_id} className="choice">
                  <input
                    type="radio"
                    name="price"
                    value={p.price_id}
                    checked={priceId === p.price_id}
                    onChange={() => {
                      setPriceId(p.price_id);
                      keyRef.current = null;
                    }}
                    required
                  />
                  {formatCredits(p.credits)} for {formatMoney(p.amount_minor, p.currency)}
                </label>
              ))}
            </fieldset>
            <label>
              Pay with
              <select
                value={provider}
                onChange={(e) => {
                  setProvider(e.target.value as PaymentProvider);
                  keyRef.current = null;
                }}
              >
                {PAYMENT_PROVIDERS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary" disabled={busy || !priceId}>
              {busy ? 'Starting checkout…' : 'Buy'}
            </button>
            {error ? (
              <p className="notice error" role="alert">
                {describeError(error)}
              </p>
            ) : null}
            {result ? <p role="status">{result}</p> : null}
          </form>
        )
      ) : null}
    </section>
  );
}

/** Money in its currency; the minor digits of the usual currencies (JPY 0, others 2). */
export function formatMoney(amountMinor: number, currency: string): string {
  const digits = ['JPY', 'KRW', 'VND', 'CLP', 'ISK'].includes(currency) ? 0 : 2;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

function LedgerHistory() {
  const { api } = useServices();
  const fetchPage = useCallback((cursor: string | null, signal: AbortSignal) => api.ledger(cursor, { signal }), [api]);
  const ledger = useLedger(fetchPage);
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore } = ledger;

  useEffect(() => {
    loadMore();
    // first page once
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [loadMore]);

  return (
    <section className="card" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">History</h2>
      <div className="table-scroll">
        <table className="ledger">
          <caption className="visually-hidden">Wallet postings, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {ledger.entries.map((e) => (
              <tr key={journalRowKey(e)}>
                <td>{new Date(e.occurred_at).toLocaleString()}</td>
                <td>
                  {e.entry_type}
                  {e.reference ? <span className="muted"> · {e.reference}</span> : null}
                </td>
                <td className={e.amount_minor < 0 ? 'num debit' : 'num credit'}>
                  {e.amount_minor > 0 ? '+' : ''}
                  {e.amount_minor}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ledger.entries.length === 0 && ledger.done ? <p>No transactions yet.</p> : null}
      {ledger.loading ? <Loading label="Loading history…" /> : null}
      {ledger.error ? <ErrorBox error={ledger.error} onRetry={ledger.loadMore} /> : null}
      <div ref={sentinel} aria-hidden="true" />
      {!ledger.done && !ledger.loading && !ledger.error ? (
        <button type="button" onClick={ledger.loadMore}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
