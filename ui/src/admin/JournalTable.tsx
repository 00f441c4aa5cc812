import { useCallback, useEffect } from 'react';
import { journalRowKey, type JournalRow } from '../api/creditcast';
import { ErrorBox, Loading } from '../components/async';
import { useLedger, type JournalRowPage } from '../wallet/useLedger';
import { formatInstant } from './time';

/** Journal rows with cursor paging ("Load more"); remount (key) to start again with other filters. */
export function JournalTable({
  fetchPage,
  caption,
}: {
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<JournalRowPage>;
  caption: string;
}) {
  const stableFetch = useCallback(fetchPage, [fetchPage]);
  const journal = useLedger(stableFetch);
  const { loadMore } = journal;
  useEffect(() => {
    loadMore();
    // first page once per mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <>
      <div className="table-scroll">
        <table className="ledger">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Account</th>
              <th scope="col">Type</th>
              <th scope="col">Reference</th>
              <th scope="col">Transaction</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {journal.entries.map((e: JournalRow) => (
              <tr key={journalRowKey(e)}>
                <td>{formatInstant(e.occurred_at)}</td>
                <td>
                  <code>{e.account_id}</code>
                </td>
                <td>{e.entry_type}</td>
                <td>{e.reference ?? ''}</td>
                <td>
                  <code>{e.transaction_id}</code>
                </td>
                <td className={e.amount_minor < 0 ? 'num debit' : 'num credit'}>{e.amount_minor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {journal.entries.length === 0 && journal.done ? <p>No postings match.</p> : null}
      {journal.loading ? <Loading label="Loading the journal…" /> : null}
      {journal.error ? <ErrorBox error={journal.error} onRetry={journal.loadMore} /> : null}
      {!journal.done && !journal.loading && !journal.error ? (
        <button type="button" onClick={journal.loadMore}>
          Load more
        </button>
      ) : null}
    </>
  );
}
