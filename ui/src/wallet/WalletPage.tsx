import { useCallback, useEffect, useRef } from 'react';
import { useServices } from '../app/context';
import { ErrorBox, Loading, formatCredits, useAsync } from '../components/async';
import { ApiProblem } from '../api/problem';
import { useLedger } from './useLedger';

export function WalletPage() {
  const { api } = useServices();
  const wallet = useAsync((signal) => api.wallet({ signal }), [api]);
  return (
    <div className="wallet">
      <h1>Wallet</h1>
      <section className="card" aria-labelledby="balance-heading">
        <h2 id="balance-heading">Balance</h2>
        {wallet.state.status === 'loading' ? <Loading /> : null}
        {wallet.state.status === 'error' ? <ErrorBox error={wallet.state.error} onRetry={wallet.reload} /> : null}
        {wallet.state.status === 'ready' ? (
          <>
            <p className="balance" data-testid="wallet-balance">
              {formatCredits(wallet.state.value.balance_minor)}
            </p>
            {wallet.state.value.flagged ? (
              <p className="notice error">
                This wallet is flagged after a refund or chargeback and cannot spend until it is back at zero.
              </p>
            ) : null}
            <button type="button" onClick={wallet.reload}>
              Refresh
            </button>
          </>
        ) : null}
        <p className="muted">
          Buying credits (price list, card/bank/crypto checkout) arrives with the payments service; live balance updates
          arrive with the read-model service (SSE). Neither is available yet.
        </p>
      </section>
      <LedgerHistory />
    </div>
  );
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

  const notBuilt = ledger.error instanceof ApiProblem && ledger.error.status === 404 && !ledger.error.slug;
  return (
    <section className="card" aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">History</h2>
      {notBuilt ? (
        <p className="notice pending">
          <strong>Not available yet.</strong> The ledger history comes from the read-model service (GET
          /api/v1/wallet/ledger, issue 5).
        </p>
      ) : (
        <>
          <table className="ledger">
            <caption className="visually-hidden">Wallet transactions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {ledger.entries.map((e) => (
                <tr key={e.transaction_id}>
                  <td>{new Date(e.occurred_at).toLocaleString()}</td>
                  <td>
                    {e.type}
                    {e.reference ? <span className="muted"> · {e.reference}</span> : null}
                  </td>
                  <td className={e.amount_minor < 0 ? 'num debit' : 'num credit'}>
                    {e.amount_minor > 0 ? '+' : ''}
                    {e.amount_minor}
                  </td>
                  <td className="num">{e.balance_after_minor ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {ledger.entries.length === 0 && ledger.done ? <p>No transactions yet.</p> : null}
          {ledger.loading ? <Loading label="Loading history…" /> : null}
          {ledger.error ? <ErrorBox error={ledger.error} onRetry={ledger.loadMore} /> : null}
          <div ref={sentinel} aria-hidden="true" />
          {!ledger.done && !ledger.loading && !ledger.error ? (
            <button type="button" onClick={ledger.loadMore}>
              Load more
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
