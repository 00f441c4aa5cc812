import { useEffect, useRef, useState } from 'react';
import {
  PAYOUT_STATUSES,
  type PayoutFilter,
  type PayoutQueuePage,
  type PayoutResult,
  type QueuedPayout,
} from '../api/creditcast';
import { newIdempotencyKey } from '../api/idempotency';
import { ApiProblem, describeError } from '../api/problem';
import { useServices } from '../app/context';
import { ErrorBox, Loading, formatCredits } from '../components/async';
import { useCursorPages } from '../components/useCursorPages';
import { formatInstant } from './time';
import { useAction } from './useAction';

/** Longest provider reference and failure reason the command service accepts. */
export const MAX_PROVIDER_REFERENCE_CHARS = 200;
export const MAX_FAILURE_REASON_CHARS = 500;

/**
 * The payout queue: requests oldest first (default: those waiting for approval), with approve, complete
 * (with the bank or provider reference) and fail (with a reason). Each decision is a command with its own
 * Idempotency-Key per intent, so a retried click never decides twice.
 */
export function PayoutsSection() {
  const { api } = useServices();
  const [draft, setDraft] = useState<PayoutFilter>({ status: 'PENDING' });
  const { page, pages, filter, restart, loadMore } = useCursorPages<PayoutFilter, PayoutQueuePage>(
    (f, cursor, signal) => api.adminPayouts(f, cursor, { signal }),
    { status: 'PENDING' },
    [api],
  );
  const [selected, setSelected] = useState<QueuedPayout | null>(null);
  const items = pages.flatMap((p) => p.payouts);
  return (
    <section className="card" aria-labelledby="payouts-heading">
      <h2 id="payouts-heading">Payouts</h2>
      <form
        className="filters"
        role="search"
        aria-label="Payout filters"
        onSubmit={(e) => {
          e.preventDefault();
          restart({ ...draft, creator: draft.creator?.trim() || undefined });
        }}
      >
        <label>
          Status
          <select
            value={draft.status ?? ''}
            onChange={(e) => setDraft({ ...draft, status: e.target.value || undefined })}
          >
            <option value="">Any</option>
            {PAYOUT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Creator id
          <input
            value={draft.creator ?? ''}
            maxLength={128}
            onChange={(e) => setDraft({ ...draft, creator: e.target.value })}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      <div className="table-scroll">
        <table className="ledger" data-testid="payouts">
          <caption className="visually-hidden">Payout requests, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Requested</th>
              <th scope="col">Payout</th>
              <th scope="col">Creator</th>
              <th scope="col" className="num">
                Credits
              </th>
              <th scope="col">Status</th>
              <th scope="col">Detail</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.payout_id}>
                <td>{formatInstant(p.requested_at)}</td>
                <td>
                  <code>{p.payout_id}</code>
                </td>
                <td>{p.creator_id}</td>
                <td className="num">{formatCredits(p.amount_minor)}</td>
                <td>
                  {p.status.toLowerCase()}
                  {p.approvals > 0 ? (
                    <span className="muted">
                      {' '}
                      · {p.approvals} approval{p.approvals === 1 ? '' : 's'}
                      {p.last_approver ? ` (last: ${p.last_approver})` : ''}
                    </span>
                  ) : null}
                </td>
                <td>{p.provider_reference ?? p.failure_reason ?? ''}</td>
                <td>
                  <button
                    type="button"
                    disabled={p.status !== 'PENDING' && p.status !== 'APPROVED'}
                    onClick={() => setSelected(p)}
                  >
                    Decide…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.state.status === 'loading' ? <Loading label="Loading payouts…" /> : null}
      {page.state.status === 'error' ? <ErrorBox error={page.state.error} onRetry={page.reload} /> : null}
      {page.state.status === 'ready' && items.length === 0 ? <p>No payouts match.</p> : null}
      {page.state.status === 'ready' && loadMore ? (
        <button type="button" onClick={loadMore}>
          Load more
        </button>
      ) : null}
      {selected ? (
        <PayoutDecision
          key={selected.payout_id}
          payout={selected}
          onClose={() => setSelected(null)}
          onDecided={() => restart(filter)}
        />
      ) : null}
    </section>
  );
}

type Decision = 'approve' | 'complete' | 'fail';

/** `field: message` for a refusal that names the field at fault (e.g. `provider_reference`). */
function fieldAtFault(error: unknown): string | undefined {
  if (error instanceof ApiProblem && error.field) return `${error.field}: ${error.messageFor(error.field)}`;
  return undefined;
}

/** Approve, complete or fail one payout; one Idempotency-Key per intent (decision + its text). */
function PayoutDecision({
  payout,
  onClose,
  onDecided,
}: {
  payout: QueuedPayout;
  onClose: () => void;
  onDecided: () => void;
}) {
  const { api } = useServices();
  const [decision, setDecision] = useState<Decision>(payout.status === 'APPROVED' ? 'complete' : 'approve');
  const [text, setText] = useState('');
  const keyRef = useRef<string | null>(null);
  const result = useAction<PayoutResult>();
  useEffect(() => {
    if (result.state.status === 'ready') onDecided();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result.state]);
  const needsText = decision !== 'approve';
  return (
    <form
      className="card reversal"
      aria-label={`Decision on payout ${payout.payout_id}`}
      onSubmit={(e) => {
        e.preventDefault();
        keyRef.current ??= newIdempotencyKey();
        const key = keyRef.current;
        const value = text.trim();
        result.run((signal) =>
          decision === 'approve'
            ? api.approvePayout(payout.payout_id, key, { signal })
            : decision === 'complete'
              ? api.completePayout(payout.payout_id, value, key, { signal })
              : api.failPayout(payout.payout_id, value, key, { signal }),
        );
      }}
    >
      <h3>
        Payout <code>{payout.payout_id}</code>: {formatCredits(payout.amount_minor)} to {payout.creator_id}
      </h3>
      <label>
        Decision
        <select
          value={decision}
          onChange={(e) => {
            setDecision(e.target.value as Decision);
            keyRef.current = null;
          }}
        >
          {payout.status === 'PENDING' ? <option value="approve">Approve</option> : null}
          {payout.status === 'APPROVED' ? <option value="complete">Mark as sent (complete)</option> : null}
          <option value="fail">Fail or reject (the hold is released)</option>
        </select>
      </label>
      {needsText ? (
        <label>
          {decision === 'complete' ? 'Bank or provider reference' : 'Reason'}
          <input
            value={text}
            required
            maxLength={decision === 'complete' ? MAX_PROVIDER_REFERENCE_CHARS : MAX_FAILURE_REASON_CHARS}
            onChange={(e) => {
              setText(e.target.value);
              keyRef.current = null;
            }}
          />
        </label>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          className={decision === 'fail' ? 'danger' : undefined}
          disabled={result.state.status === 'loading'}
        >
          {decision === 'approve' ? 'Approve' : decision === 'complete' ? 'Complete' : 'Fail payout'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {result.state.status === 'loading' ? <Loading label="Sending the decision…" /> : null}
      {result.state.status === 'error' ? (
        <p className="notice error" role="alert">
          {fieldAtFault(result.state.error) ?? describeError(result.state.error)}
        </p>
      ) : null}
      {result.state.status === 'ready' ? (
        <p role="status">
          The payout is now {result.state.value.status.toLowerCase()}
          {result.state.value.replayed ? ' (this decision was already recorded)' : ''}.
        </p>
      ) : null}
    </form>
  );
}
