import { useCallback, useState } from 'react';
import { ENTRY_TYPES, type JournalFilter } from '../api/creditcast';
import { ApiProblem } from '../api/problem';
import { useServices } from '../app/context';
import { ErrorBox, Loading, formatCredits } from '../components/async';
import { saveBlob } from '../components/download';
import { JournalTable } from './JournalTable';
import { formatInstant, instantOf } from './time';
import { useAction } from './useAction';
import type { AccountBalance, Statement, TrialBalance } from '../api/creditcast';

/** Auditor console (read-only, query service `/api/v1/audit/**`): journal, statements, balances, exports. */
export function AuditorPage() {
  return (
    <div className="console">
      <h1>Auditor</h1>
      <JournalSearch />
      <StatementSection />
      <BalanceAsOfSection />
      <TrialBalanceSection />
    </div>
  );
}

/** Account ids are `kind:name`, e.g. `wallet:alice`, `earnings:bob`, `platform:fees`. */
const ACCOUNT_HINT = 'kind:name, e.g. wallet:demo-viewer';

export function JournalSearch() {
  const { api } = useServices();
  const [draft, setDraft] = useState({ account: '', type: '', reference: '', from: '', to: '' });
  const [filter, setFilter] = useState<JournalFilter>({});
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const fetchPage = useCallback(
    (cursor: string | null, signal: AbortSignal) => api.journal(filter, cursor, { signal }),
    [api, filter],
  );
  const exportAs = (format: 'csv' | 'json') => {
    setExportError(null);
    setExporting(true);
    api
      .journalExport(filter, format)
      .then(
        (blob) => saveBlob(blob, `journal.${format}`),
        (e: unknown) => setExportError(e),
      )
      .finally(() => setExporting(false));
  };
  return (
    <section className="card" aria-labelledby="journal-heading">
      <h2 id="journal-heading">Journal</h2>
      <form
        className="filters"
        role="search"
        aria-label="Journal filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({
            account: draft.account.trim() || undefined,
            type: draft.type || undefined,
            reference: draft.reference.trim() || undefined,
            from: instantOf(draft.from),
            to: instantOf(draft.to),
          });
        }}
      >
        <label>
          Account
          <input
            value={draft.account}
            placeholder={ACCOUNT_HINT}
            maxLength={200}
            onChange={(e) => setDraft({ ...draft, account: e.target.value })}
          />
        </label>
        <label>
          Type
          <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
            <option value="">Any</option>
            {ENTRY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reference
          <input
            value={draft.reference}
            maxLength={200}
            onChange={(e) => setDraft({ ...draft, reference: e.target.value })}
          />
        </label>
        <label>
          From
          <input
            type="datetime-local"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          To (exclusive)
          <input type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit">Search</button>
      </form>
      <div className="actions">
        <button type="button" onClick={() => exportAs('csv')} disabled={exporting}>
          Export CSV
        </button>
        <button type="button" onClick={() => exportAs('json')} disabled={exporting}>
          Export JSON
        </button>
      </div>
      {exportError ? <ErrorBox what="Export" error={exportError} /> : null}
      <JournalTable key={JSON.stringify(filter)} fetchPage={fetchPage} caption="Journal postings, newest first" />
    </section>
  );
}

function AccountField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <label>
      Account
      <input
        value={value}
        placeholder={ACCOUNT_HINT}
        maxLength={200}
        required
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

function fieldErrorOf(error: unknown, field: string): string | undefined {
  return error instanceof ApiProblem ? error.messageFor(field) : undefined;
}

export function StatementSection() {
  const { api } = useServices();
  const [account, setAccount] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const statement = useAction<Statement>();
  return (
    <section className="card" aria-labelledby="statement-heading">
      <h2 id="statement-heading">Statement</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          statement.run((signal) =>
            api.statement(account.trim(), instantOf(from) ?? '', instantOf(to) ?? '', { signal }),
          );
        }}
      >
        <AccountField value={account} onChange={setAccount} />
        <label>
          From
          <input type="datetime-local" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (exclusive)
          <input type="datetime-local" required value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">Show statement</button>
      </form>
      {statement.state.status === 'loading' ? <Loading /> : null}
      {statement.state.status === 'error' ? <ErrorBox error={statement.state.error} /> : null}
      {statement.state.status === 'ready' ? (
        <dl className="figures" data-testid="statement">
          <div>
            <dt>Account</dt>
            <dd>
              <code>{statement.state.value.account_id}</code>
            </dd>
          </div>
          <div>
            <dt>Period</dt>
            <dd>
              {formatInstant(statement.state.value.from)} – {formatInstant(statement.state.value.to)}
            </dd>
          </div>
          <div>
            <dt>Opening balance</dt>
            <dd>{formatCredits(statement.state.value.opening_balance_minor)}</dd>
          </div>
          <div>
            <dt>Debits</dt>
            <dd>{formatCredits(statement.state.value.debits_minor)}</dd>
          </div>
          <div>
            <dt>Credits</dt>
            <dd>{formatCredits(statement.state.value.credits_minor)}</dd>
          </div>
          <div>
            <dt>Closing balance</dt>
            <dd>{formatCredits(statement.state.value.closing_balance_minor)}</dd>
          </div>
          <div>
            <dt>Postings</dt>
            <dd>{statement.state.value.entry_count}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}

export function BalanceAsOfSection() {
  const { api } = useServices();
  const [account, setAccount] = useState('');
  const [at, setAt] = useState('');
  const balance = useAction<AccountBalance>();
  const accountError = balance.state.status === 'error' ? fieldErrorOf(balance.state.error, 'account') : undefined;
  return (
    <section className="card" aria-labelledby="asof-heading">
      <h2 id="asof-heading">Balance as of an instant</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          balance.run((signal) => api.accountBalance(account.trim(), instantOf(at) ?? null, { signal }));
        }}
      >
        <AccountField value={account} onChange={setAccount} />
        <label>
          As of (empty: now)
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        <button type="submit">Show balance</button>
      </form>
      {accountError ? <p className="field-error">{accountError}</p> : null}
      {balance.state.status === 'loading' ? <Loading /> : null}
      {balance.state.status === 'error' ? <ErrorBox error={balance.state.error} /> : null}
      {balance.state.status === 'ready' ? (
        <p role="status" data-testid="balance-as-of">
          <code>{balance.state.value.account_id}</code>: {formatCredits(balance.state.value.balance_minor)}{' '}
          {balance.state.value.as_of ? `before ${formatInstant(balance.state.value.as_of)}` : 'now'}
        </p>
      ) : null}
    </section>
  );
}

export function TrialBalanceSection() {
  const { api } = useServices();
  const [at, setAt] = useState('');
  const trial = useAction<TrialBalance>();
  return (
    <section className="card" aria-labelledby="trial-heading">
      <h2 id="trial-heading">Trial balance</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          trial.run((signal) => api.trialBalance(instantOf(at) ?? null, { signal }));
        }}
      >
        <label>
          As of (empty: now)
          <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
        </label>
        <button type="submit">Show trial balance</button>
      </form>
      {trial.state.status === 'loading' ? <Loading /> : null}
      {trial.state.status === 'error' ? <ErrorBox error={trial.state.error} /> : null}
      {trial.state.status === 'ready' ? (
        <div className="table-scroll">
          <table className="ledger" data-testid="trial-balance">
            <caption>
              {trial.state.value.balanced ? 'Balanced: all accounts sum to zero' : 'NOT balanced'}
              {trial.state.value.as_of ? ` (as of ${formatInstant(trial.state.value.as_of)})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Account kind</th>
                <th scope="col" className="num">
                  Accounts
                </th>
                <th scope="col" className="num">
                  Balance
                </th>
              </tr>
            </thead>
            <tbody>
              {trial.state.value.kinds.map((k) => (
                <tr key={k.kind}>
                  <td>{k.kind}</td>
                  <td className="num">{k.account_count}</td>
                  <td className="num">{k.balance_minor}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td />
                <td className="num">{trial.state.value.total_minor}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
    </section>
  );
}
