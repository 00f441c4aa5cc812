import { useRef, useState } from 'react';
import {
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  type Payment,
  type PaymentFilter,
  type PaymentPage,
  type PriceRequest,
  type ReconciliationReport,
  type WalletTransaction,
} from '../api/creditcast';
import { newIdempotencyKey } from '../api/idempotency';
import { ApiProblem, describeError } from '../api/problem';
import { useServices } from '../app/context';
import { ErrorBox, Loading, formatCredits, useAsync } from '../components/async';
import { saveBlob } from '../components/download';
import { useCursorPages } from '../components/useCursorPages';
import { EarningsChart } from '../studio/EarningsChart';
import { lastDays } from '../studio/StudioPage';
import { formatMoney } from '../wallet/WalletPage';
import { ModerationActions } from './ModerationPage';
import { FxRatesSection } from './FxRatesSection';
import { PayoutsSection } from './PayoutsSection';
import { ProjectionsSection } from './ProjectionsSection';
import { formatInstant } from './time';
import { useAction } from './useAction';

/** Colours of the revenue chart's payment sources (query service `creditcast.query.payment-sources`). */
export const REVENUE_COLOURS: Record<string, string> = { card: '#2563eb', bank: '#059669', crypto: '#d97706' };
export const REVENUE_DEFAULT_DAYS = 30;

/** Admin console: prices, payments with refunds and disputes, payouts, reconciliation, revenue, audit trail. */
export function AdminPage() {
  return (
    <div className="console">
      <h1>Admin</h1>
      <PricesSection />
      <FxRatesSection />
      <PaymentsSection />
      <ChargebackReversal />
      <PayoutsSection />
      <RevenueSection />
      <ReconciliationSection />
      <ProjectionsSection />
      <ModerationActions />
      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading">Users and roles</h2>
        <p>
          Users and realm roles (viewer, creator, moderator, admin, auditor) live in Keycloak: manage them in the
          Keycloak admin console of the <code>creditcast</code> realm. The services expose no user-admin API.
        </p>
      </section>
    </div>
  );
}

const EMPTY_PRICE = { product_code: '', credits: '', amount_minor: '', currency: 'USD', active: true };

export function PricesSection() {
  const { api } = useServices();
  const prices = useAsync((signal) => api.adminPrices({ signal }), [api]);
  const [draft, setDraft] = useState(EMPTY_PRICE);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const save = async (req: PriceRequest) => {
    setSaving(true);
    setError(null);
    try {
      await api.putPrice(req);
      setDraft(EMPTY_PRICE);
      prices.reload();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const fieldError = (f: string) => (error instanceof ApiProblem ? error.messageFor(f) : undefined);

  return (
    <section className="card" aria-labelledby="prices-heading">
      <h2 id="prices-heading">Prices</h2>
      {prices.state.status === 'loading' ? <Loading label="Loading prices…" /> : null}
      {prices.state.status === 'error' ? <ErrorBox error={prices.state.error} onRetry={prices.reload} /> : null}
      {prices.state.status === 'ready' ? (
        <div className="table-scroll">
          <table className="ledger" data-testid="prices">
            <caption className="visually-hidden">Credit packs, including withdrawn ones</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="num">
                  Credits
                </th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">On sale</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {prices.state.value.prices.map((p) => (
                <tr key={p.price_id}>
                  <td>{p.product_code}</td>
                  <td className="num">{p.credits}</td>
                  <td className="num">{formatMoney(p.amount_minor, p.currency)}</td>
                  <td>{p.active ? 'yes' : 'withdrawn'}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() =>
                        setDraft({
                          product_code: p.product_code,
                          credits: String(p.credits),
                          amount_minor: String(p.amount_minor),
                          currency: p.currency,
                          active: p.active,
                        })
                      }
                    >
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      disabled={saving}
                      onClick={() =>
                        void save({
                          product_code: p.product_code,
                          credits: p.credits,
                          amount_minor: p.amount_minor,
                          currency: p.currency,
                          active: !p.active,
                        })
                      }
                    >
                      {p.active ? 'Withdraw' : 'Put on sale'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form
        className="filters"
        aria-label="Create or update a price"
        onSubmit={(e) => {
          e.preventDefault();
          void save({
            product_code: draft.product_code.trim(),
            credits: draft.credits ? Number(draft.credits) : undefined,
            amount_minor: Number(draft.amount_minor),
            currency: draft.currency.trim().toUpperCase(),
            active: draft.active,
          });
        }}
      >
        <label>
          Product code
          <input
            value={draft.product_code}
            required
            maxLength={64}
            pattern="[a-z0-9][a-z0-9_.\-]{0,63}"
            onChange={(e) => setDraft({ ...draft, product_code: e.target.value })}
          />
        </label>
        <label>
          Credits (empty: from the FX rate)
          <input
            type="number"
            min={1}
            value={draft.credits}
            onChange={(e) => setDraft({ ...draft, credits: e.target.value })}
          />
        </label>
        <label>
          Amount (minor units)
          <input
            type="number"
            min={1}
            required
            value={draft.amount_minor}
            onChange={(e) => setDraft({ ...draft, amount_minor: e.target.value })}
          />
        </label>
        <label>
          Currency
          <input
            value={draft.currency}
            required
            maxLength={3}
            pattern="[A-Za-z]{3}"
            onChange={(e) => setDraft({ ...draft, currency: e.target.value })}
          />
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
          />
          On sale
        </label>
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save price'}
        </button>
      </form>
      {['product_code', 'credits', 'amount_minor', 'currency'].map((f) =>
        fieldError(f) ? (
          <p key={f} className="field-error">
            {f}: {fieldError(f)}
          </p>
        ) : null,
      )}
      {error && !['product_code', 'credits', 'amount_minor', 'currency'].some((f) => fieldError(f)) ? (
        <ErrorBox error={error} />
      ) : null}
    </section>
  );
}

export function PaymentsSection() {
  const { api } = useServices();
  const [draft, setDraft] = useState<PaymentFilter>({});
  const { page, pages, restart, loadMore } = useCursorPages<PaymentFilter, PaymentPage>(
    (f, cursor, signal) => api.adminPayments(f, cursor, { signal }),
    {},
    [api],
  );
  const [selected, setSelected] = useState<Payment | null>(null);
  const items = pages.flatMap((p) => p.items);
  return (
    <section className="card" aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payments</h2>
      <form
        className="filters"
        role="search"
        aria-label="Payment filters"
        onSubmit={(e) => {
          e.preventDefault();
          restart({ ...draft, user_id: draft.user_id?.trim() || undefined });
        }}
      >
        <label>
          Status
          <select
            value={draft.status ?? ''}
            onChange={(e) => setDraft({ ...draft, status: e.target.value || undefined })}
          >
            <option value="">Any</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Provider
          <select
            value={draft.provider ?? ''}
            onChange={(e) => setDraft({ ...draft, provider: e.target.value || undefined })}
          >
            <option value="">Any</option>
            {PAYMENT_PROVIDERS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          User id
          <input
            value={draft.user_id ?? ''}
            maxLength={128}
            onChange={(e) => setDraft({ ...draft, user_id: e.target.value })}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      <div className="table-scroll">
        <table className="ledger" data-testid="payments">
          <caption className="visually-hidden">Payments, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Payment</th>
              <th scope="col">User</th>
              <th scope="col">Status</th>
              <th scope="col">Provider</th>
              <th scope="col" className="num">
                Credits
              </th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Refunds / disputes</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.payment_id}>
                <td>{formatInstant(p.created_at)}</td>
                <td>
                  <code>{p.payment_id}</code>
                </td>
                <td>{p.user_id}</td>
                <td>
                  {p.status.toLowerCase()}
                  {p.failure_reason ? <span className="muted"> · {p.failure_reason}</span> : null}
                </td>
                <td>{p.provider}</td>
                <td className="num">{p.credits}</td>
                <td className="num">{formatMoney(p.amount_minor, p.currency)}</td>
                <td>
                  {p.refunds.length} / {p.disputes.length}
                  {p.refunded_credits > 0 ? <span className="muted"> · {p.refunded_credits} refunded</span> : null}
                  {p.disputes.map((d) => (
                    <span key={d.adjustment_id} className="muted">
                      {' '}
                      · dispute <code>{d.adjustment_id}</code> {d.status.toLowerCase()}
                    </span>
                  ))}
                </td>
                <td>
                  <button type="button" disabled={p.status !== 'SUCCEEDED'} onClick={() => setSelected(p)}>
                    Refund / chargeback…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.state.status === 'loading' ? <Loading label="Loading payments…" /> : null}
      {page.state.status === 'error' ? <ErrorBox error={page.state.error} onRetry={page.reload} /> : null}
      {page.state.status === 'ready' && items.length === 0 ? <p>No payments match.</p> : null}
      {page.state.status === 'ready' && loadMore ? (
        <button type="button" onClick={loadMore}>
          Load more
        </button>
      ) : null}
      {selected ? <Reversal payment={selected} onClose={() => setSelected(null)} /> : null}
    </section>
  );
}

/** Refund or chargeback of (part of) a payment's credits; one Idempotency-Key per intent. */
function Reversal({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { api } = useServices();
  const [kind, setKind] = useState<'refund' | 'chargeback'>('refund');
  const [credits, setCredits] = useState(payment.credits - payment.refunded_credits);
  const [referenceId, setReferenceId] = useState('');
  const keyRef = useRef<string | null>(null);
  const result = useAction<WalletTransaction>();
  return (
    <form
      className="card reversal"
      aria-label={`Refund or chargeback of ${payment.payment_id}`}
      onSubmit={(e) => {
        e.preventDefault();
        keyRef.current ??= newIdempotencyKey();
        const key = keyRef.current;
        const req = {
          user_id: payment.user_id,
          payment_id: payment.payment_id,
          reference_id: referenceId.trim(),
          amount_minor: credits,
        };
        result.run((signal) =>
          kind === 'refund' ? api.refund(req, key, { signal }) : api.chargeback(req, key, { signal }),
        );
      }}
    >
      <h3>
        Payment <code>{payment.payment_id}</code> of {payment.user_id}
      </h3>
      <label>
        Kind
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as 'refund' | 'chargeback');
            keyRef.current = null;
          }}
        >
          <option value="refund">Refund</option>
          <option value="chargeback">Chargeback (dispute)</option>
        </select>
      </label>
      <label>
        Credits
        <input
          type="number"
          min={1}
          max={payment.credits}
          required
          value={Number.isNaN(credits) ? '' : credits}
          onChange={(e) => {
            setCredits(e.target.valueAsNumber);
            keyRef.current = null;
          }}
        />
      </label>
      <label>
        Provider reference (refund or dispute id)
        <input
          value={referenceId}
          required
          maxLength={200}
          onChange={(e) => {
            setReferenceId(e.target.value);
            keyRef.current = null;
          }}
        />
      </label>
      <div className="actions">
        <button type="submit" className="danger" disabled={result.state.status === 'loading'}>
          Post {kind}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {result.state.status === 'error' ? (
        <p className="notice error" role="alert">
          {describeError(result.state.error)}
        </p>
      ) : null}
      {result.state.status === 'ready' ? (
        <p role="status">
          Posted: the wallet now holds {formatCredits(result.state.value.balance_minor)}
          {result.state.value.flagged ? ' and is flagged' : ''}
          {result.state.value.replayed ? ' (already posted before)' : ''}.
        </p>
      ) : null}
    </form>
  );
}

export function ChargebackReversal() {
  const { api } = useServices();
  const [disputeId, setDisputeId] = useState('');
  const [userId, setUserId] = useState('');
  const keyRef = useRef<string | null>(null);
  const result = useAction<WalletTransaction>();
  return (
    <section className="card" aria-labelledby="dispute-heading">
      <h2 id="dispute-heading">Won disputes</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          keyRef.current ??= newIdempotencyKey();
          const key = keyRef.current;
          result.run((signal) => api.reverseChargeback(disputeId.trim(), userId.trim(), key, { signal }));
        }}
      >
        <label>
          Dispute id
          <input
            value={disputeId}
            required
            maxLength={200}
            onChange={(e) => {
              setDisputeId(e.target.value);
              keyRef.current = null;
            }}
          />
        </label>
        <label>
          User id
          <input
            value={userId}
            required
            maxLength={128}
            onChange={(e) => {
              setUserId(e.target.value);
              keyRef.current = null;
            }}
          />
        </label>
        <button type="submit" disabled={result.state.status === 'loading'}>
          Reverse chargeback
        </button>
      </form>
      {result.state.status === 'error' ? <ErrorBox error={result.state.error} /> : null}
      {result.state.status === 'ready' ? (
        <p role="status">Reversed: the wallet now holds {formatCredits(result.state.value.balance_minor)}.</p>
      ) : null}
    </section>
  );
}

export function RevenueSection() {
  const { api } = useServices();
  const [range, setRange] = useState(() => lastDays(REVENUE_DEFAULT_DAYS));
  const [period, setPeriod] = useState<'day' | 'month'>('day');
  const revenue = useAsync((signal) => api.revenue(range.from, range.to, period, { signal }), [api, range, period]);
  const [exportError, setExportError] = useState<unknown>(null);
  return (
    <section className="card" aria-labelledby="revenue-heading">
      <h2 id="revenue-heading">Revenue by source</h2>
      <div className="filters">
        <label>
          From
          <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <label>
          Per
          <select value={period} onChange={(e) => setPeriod(e.target.value as 'day' | 'month')}>
            <option value="day">day</option>
            <option value="month">month</option>
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            setExportError(null);
            api.revenueCsv(range.from, range.to, period).then(
              (blob) => saveBlob(blob, `revenue-${range.from}-${range.to}.csv`),
              (e: unknown) => setExportError(e),
            );
          }}
        >
          Export CSV
        </button>
      </div>
      {exportError ? <ErrorBox what="CSV export" error={exportError} /> : null}
      {revenue.state.status === 'loading' ? <Loading /> : null}
      {revenue.state.status === 'error' ? <ErrorBox error={revenue.state.error} onRetry={revenue.reload} /> : null}
      {revenue.state.status === 'ready' ? (
        <>
          <p className="muted">
            Net {formatCredits(revenue.state.value.reduce((s, r) => s + r.net_minor, 0))} (deposits minus refunds and
            chargebacks, plus won disputes).
          </p>
          <EarningsChart
            label="Net revenue by period and payment source"
            colours={REVENUE_COLOURS}
            columns={['Period', 'Source', 'Net']}
            rows={revenue.state.value.map((r) => ({ day: r.period, source: r.source, amount_minor: r.net_minor }))}
          />
        </>
      ) : null}
    </section>
  );
}

export function ReconciliationSection() {
  const { api } = useServices();
  const report = useAction<ReconciliationReport>();
  return (
    <section className="card" aria-labelledby="recon-heading">
      <h2 id="recon-heading">Reconciliation</h2>
      <p className="muted">Compares every read-model balance with a fold of the event store.</p>
      <button
        type="button"
        onClick={() => report.run((signal) => api.reconciliation({ signal, timeoutMs: 120_000 }))}
        disabled={report.state.status === 'loading'}
      >
        Run reconciliation
      </button>
      {report.state.status === 'loading' ? <Loading label="Folding the event store…" /> : null}
      {report.state.status === 'error' ? <ErrorBox error={report.state.error} /> : null}
      {report.state.status === 'ready' ? (
        <div data-testid="reconciliation">
          <p role="status">
            {report.state.value.difference_count === 0
              ? 'No differences'
              : `${report.state.value.difference_count} difference(s)${report.state.value.truncated ? ' (list truncated)' : ''}`}
            : {report.state.value.accounts_checked} accounts and {report.state.value.wallets_checked} wallets checked up
            to event {report.state.value.checked_up_to_global_index} ({report.state.value.events_folded} events folded).
          </p>
          {report.state.value.differences.length > 0 ? (
            <div className="table-scroll">
              <table className="ledger">
                <caption className="visually-hidden">Differences</caption>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col" className="num">
                      Read model
                    </th>
                    <th scope="col" className="num">
                      Event store
                    </th>
                    <th scope="col" className="num">
                      Difference
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.state.value.differences.map((d) => (
                    <tr key={d.account_id}>
                      <td>
                        <code>{d.account_id}</code>
                      </td>
                      <td className="num">{d.read_model_minor}</td>
                      <td className="num">{d.event_store_minor}</td>
                      <td className="num">{d.difference_minor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
