import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Ingest, StreamCreated } from '../api/creditcast';
import { newIdempotencyKey } from '../api/idempotency';
import { ApiProblem, describeError } from '../api/problem';
import { useServices } from '../app/context';
import { ErrorBox, Loading, formatCredits, useAsync } from '../components/async';
import { FALLBACK_CATEGORIES as CATEGORIES } from '../directory/DirectoryPage';
import { saveBlob } from '../components/download';
import { EarningsChart } from './EarningsChart';
import { GoLiveSection } from './GoLivePanel';
import { RecordingsPanel } from './RecordingsPanel';

export function StudioPage() {
  const [createdStreamId, setCreatedStreamId] = useState<string | null>(null);
  return (
    <div className="studio">
      <h1>Creator studio</h1>
      <CreateStream onCreated={setCreatedStreamId} />
      <GoLiveSection createdStreamId={createdStreamId} />
      <RecordingsPanel />
      <EarningsPanel />
    </div>
  );
}

function CreateStream({ onCreated }: { onCreated?: (streamId: string) => void }) {
  const { api } = useServices();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<string>(CATEGORIES[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<StreamCreated | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const stream = await api.createStream({ title: title.trim(), category });
      setCreated(stream);
      onCreated?.(stream.stream_id);
      setTitle('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const titleError = error instanceof ApiProblem ? error.messageFor('title') : undefined;
  const categoryError = error instanceof ApiProblem ? error.messageFor('category') : undefined;

  return (
    <section className="card" aria-labelledby="create-heading">
      <h2 id="create-heading">Create a stream</h2>
      <form onSubmit={submit}>
        <label>
          Title
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={200}
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError ? 'title-error' : undefined}
          />
        </label>
        {titleError ? (
          <p id="title-error" className="field-error">
            {titleError}
          </p>
        ) : null}
        <label>
          Category
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            aria-invalid={categoryError ? true : undefined}
          >
            {CATEGORIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        {categoryError ? <p className="field-error">{categoryError}</p> : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create stream'}
        </button>
        {error && !titleError && !categoryError ? (
          <p className="notice error" role="alert">
            {describeError(error)}
          </p>
        ) : null}
      </form>
      {created ? (
        <div className="created" role="status">
          <p>
            Created <strong>{created.title}</strong> ({created.category}).{' '}
            <Link to={`/streams/${encodeURIComponent(created.stream_id)}`}>Open its viewer page</Link>
          </p>
          <CopyField label="Stream id" value={created.stream_id} />
          <IngestPanel streamId={created.stream_id} initial={created.ingest ?? null} />
        </div>
      ) : null}
    </section>
  );
}

export function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <label>
        {label}
        <input readOnly value={value} onFocus={(e) => e.target.select()} />
      </label>
      <button
        type="button"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setCopied(true);
            window.setTimeout(() => setCopied(false), 2_000);
          } catch {
            setCopied(false);
          }
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

function EarningsPanel() {
  const { api } = useServices();
  const earnings = useAsync((signal) => api.earnings({ signal }), [api]);
  const [range, setRange] = useState(() => lastDays(EARNINGS_DEFAULT_DAYS));
  const byDay = useAsync((signal) => api.earningsByDay(range.from, range.to, { signal }), [api, range]);
  const [exportError, setExportError] = useState<unknown>(null);
  return (
    <section className="card" aria-labelledby="earnings-heading">
      <h2 id="earnings-heading">Earnings</h2>
      {earnings.state.status === 'loading' ? <Loading /> : null}
      {earnings.state.status === 'error' ? <ErrorBox error={earnings.state.error} onRetry={earnings.reload} /> : null}
      {earnings.state.status === 'ready' ? (
        <>
          <dl className="figures">
            <div>
              <dt>Settled</dt>
              <dd data-testid="earnings-balance">{formatCredits(earnings.state.value.balance_minor)}</dd>
            </div>
            <div>
              <dt>Held for payouts</dt>
              <dd>{formatCredits(earnings.state.value.held_minor)}</dd>
            </div>
            <div>
              <dt>Available</dt>
              <dd data-testid="earnings-available">{formatCredits(earnings.state.value.available_minor)}</dd>
            </div>
          </dl>
          <p className="muted">Income is settled into earnings in batches every few seconds.</p>
          <PayoutRequest available={earnings.state.value.available_minor} onRequested={earnings.reload} />
          <h3>Payouts</h3>
          {Object.keys(earnings.state.value.payouts).length === 0 ? (
            <p>No payouts yet.</p>
          ) : (
            <ul>
              {Object.entries(earnings.state.value.payouts).map(([id, status]) => (
                <li key={id}>
                  <code>{id}</code>: {status.toLowerCase()}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <h3>By day and source</h3>
      <div className="filters">
        <label>
          From
          <input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
        </label>
        <label>
          To
          <input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
        </label>
        <button
          type="button"
          onClick={() => {
            setExportError(null);
            api.earningsCsv(range.from, range.to).then(
              (blob) => saveBlob(blob, `earnings-${range.from}-${range.to}.csv`),
              (e: unknown) => setExportError(e),
            );
          }}
        >
          Export CSV
        </button>
      </div>
      {exportError ? <ErrorBox what="CSV export" error={exportError} /> : null}
      {byDay.state.status === 'loading' ? <Loading /> : null}
      {byDay.state.status === 'error' ? (
        <ErrorBox what="Earnings by day" error={byDay.state.error} onRetry={byDay.reload} />
      ) : null}
      {byDay.state.status === 'ready' ? (
        <>
          <p className="muted">
            Net {formatCredits(byDay.state.value.net_minor)} of {formatCredits(byDay.state.value.gross_minor)} gross
            (after the platform fee).
          </p>
          <EarningsChart
            rows={byDay.state.value.days.map((d) => ({ day: d.day, source: d.source, amount_minor: d.net_minor }))}
          />
        </>
      ) : null}
    </section>
  );
}

/** Days of earnings shown by default (the query service allows up to 366). */
export const EARNINGS_DEFAULT_DAYS = 30;

/** [today - (days - 1), today] as ISO dates (UTC). */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** The ingest URL and key (shown once by the server), copy buttons and key rotation. */
function IngestPanel({ streamId, initial }: { streamId: string; initial: Ingest | null }) {
  const { api } = useServices();
  const [ingest, setIngest] = useState<Ingest | null>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      setIngest(await api.rotateStreamKey(streamId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ingest">
      {ingest ? (
        <>
          <CopyField label="RTMP URL" value={ingest.rtmp_url} />
          {ingest.srt_url ? <CopyField label="SRT URL" value={ingest.srt_url} /> : null}
          <CopyField label={`Stream key (version ${ingest.key_version})`} value={ingest.stream_key} />
          <p className="muted">The key is shown only now; rotating it refuses the previous one from then on.</p>
        </>
      ) : (
        <p className="muted">The stream key is shown once, when the stream is created or the key is rotated.</p>
      )}
      <button type="button" onClick={() => void rotate()} disabled={busy}>
        {busy ? 'Rotating…' : 'Rotate stream key'}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

function PayoutRequest({ available, onRequested }: { available: number; onRequested: () => void }) {
  const { api } = useServices();
  const [amount, setAmount] = useState<number>(NaN);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const keyRef = useRef<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    keyRef.current ??= newIdempotencyKey();
    setBusy(true);
    setError(null);
    try {
      const r = await api.requestPayout(amount, keyRef.current);
      keyRef.current = null;
      setResult(`Payout ${r.payout_id} is ${r.status.toLowerCase()}.`);
      onRequested();
    } catch (err) {
      if (err instanceof ApiProblem && !err.transient) keyRef.current = null;
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const amountError = error instanceof ApiProblem ? error.messageFor('amount_minor') : undefined;
  return (
    <form onSubmit={submit} className="payout-form">
      <label>
        Payout amount (credits)
        <input
          type="number"
          min={1}
          max={available}
          step={1}
          required
          value={Number.isNaN(amount) ? '' : amount}
          onChange={(e) => {
            setAmount(e.target.valueAsNumber);
            keyRef.current = null;
          }}
          aria-invalid={amountError ? true : undefined}
        />
      </label>
      <button type="submit" disabled={busy || available <= 0}>
        {busy ? 'Requesting…' : 'Request payout'}
      </button>
      {amountError ? <p className="field-error">{amountError}</p> : null}
      {error && !amountError ? (
        <p className="notice error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
      {result ? <p role="status">{result}</p> : null}
    </form>
  );
}
