import { useRef, useState } from 'react';
import type { TipResult } from '../api/creditcast';
import { newIdempotencyKey } from '../api/idempotency';
import { ApiProblem, describeError } from '../api/problem';
import { useServices } from '../app/context';
import { formatCredits } from '../components/async';

export const MAX_TIP_MESSAGE_CHARS = 200;

/**
 * Tip a creator: amount presets or a custom amount, an optional message. One Idempotency-Key per
 * intent: a retry after a failure reuses it (the server then answers the stored result instead of
 * tipping twice); changing the amount or message, or a success, starts a new intent.
 */
export function TipWidget({ creatorId, onTipped }: { creatorId: string; onTipped?: (result: TipResult) => void }) {
  const { api, config } = useServices();
  const presets = config.tipPresetsMinor ?? [];
  const [amount, setAmount] = useState<number>(presets[0] ?? 10);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [celebrations, setCelebrations] = useState<{ id: number; amount: number }[]>([]);
  const keyRef = useRef<string | null>(null);
  const nextId = useRef(0);

  const newIntent = () => {
    keyRef.current = null;
    setError(null);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!Number.isInteger(amount) || amount <= 0) {
      setError(new Error('Choose a whole number of credits above zero.'));
      return;
    }
    keyRef.current ??= newIdempotencyKey();
    setBusy(true);
    setError(null);
    try {
      const result = await api.tip(
        { creator_id: creatorId, amount_minor: amount, ...(message ? { message } : {}) },
        keyRef.current,
      );
      keyRef.current = null;
      setMessage('');
      const id = nextId.current++;
      setCelebrations((c) => [...c, { id, amount: result.amount_minor }]);
      window.setTimeout(() => setCelebrations((c) => c.filter((x) => x.id !== id)), 2_500);
      onTipped?.(result);
    } catch (err) {
      // a rejection (e.g. insufficient credits) is final for this key: a new attempt is a new intent
      if (err instanceof ApiProblem && !err.transient) keyRef.current = null;
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = error instanceof ApiProblem ? error.messageFor('amount_minor') : undefined;

  return (
    <form className="card tip-widget" onSubmit={submit} aria-labelledby="tip-heading">
      <h2 id="tip-heading">Tip the creator</h2>
      <fieldset>
        <legend>Amount</legend>
        <div className="presets">
          {presets.map((p) => (
            <button
              type="button"
              key={p}
              aria-pressed={amount === p}
              onClick={() => {
                setAmount(p);
                newIntent();
              }}
            >
              {p}
            </button>
          ))}
        </div>
        <label>
          Credits
          <input
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={Number.isNaN(amount) ? '' : amount}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? 'tip-amount-error' : undefined}
            onChange={(e) => {
              setAmount(e.target.valueAsNumber);
              newIntent();
            }}
          />
        </label>
        {fieldError ? (
          <p id="tip-amount-error" className="field-error">
            {fieldError}
          </p>
        ) : null}
      </fieldset>
      <label>
        Message (optional)
        <input
          type="text"
          maxLength={MAX_TIP_MESSAGE_CHARS}
          value={message}
          onChange={(e) => {
            setMessage(e.target.value);
            newIntent();
          }}
        />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Sending…' : `Tip ${formatCredits(Number.isNaN(amount) ? 0 : amount)}`}
      </button>
      {error && !fieldError ? (
        <p className="notice error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
      <div className="tip-celebrations" aria-live="polite">
        {celebrations.map((c) => (
          <span key={c.id} className="tip-burst">
            +{c.amount} tipped!
          </span>
        ))}
      </div>
    </form>
  );
}
