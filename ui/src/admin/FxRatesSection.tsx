import { useState } from 'react';
import type { FxRate } from '../api/creditcast';
import { ApiProblem, describeError } from '../api/problem';
import { useServices } from '../app/context';
import { ErrorBox, Loading, useAsync } from '../components/async';
import { useAction } from './useAction';

/** The command service's bounds on an FX rate. */
export const MAX_CREDITS_PER_MAJOR_UNIT = 1_000_000;
export const MAX_MINOR_DIGITS = 3;

/**
 * How many credits one major unit of each currency buys (the table prices in that currency are checked
 * against). Setting a rate replaces the currency's row; prices already on sale keep their credits.
 */
export function FxRatesSection() {
  const { api } = useServices();
  const prices = useAsync((signal) => api.adminPrices({ signal }), [api]);
  const [currency, setCurrency] = useState('');
  const [credits, setCredits] = useState('');
  const [digits, setDigits] = useState('2');
  const saved = useAction<FxRate>();
  const error = saved.state.status === 'error' ? saved.state.error : null;
  const fieldError = (f: string) => (error instanceof ApiProblem ? error.messageFor(f) : undefined);
  return (
    <section className="card" aria-labelledby="fx-heading">
      <h2 id="fx-heading">FX rates</h2>
      {prices.state.status === 'loading' ? <Loading label="Loading FX rates…" /> : null}
      {prices.state.status === 'error' ? <ErrorBox error={prices.state.error} onRetry={prices.reload} /> : null}
      {prices.state.status === 'ready' ? (
        prices.state.value.fx_rates.length === 0 ? (
          <p>No FX rates yet: prices can only be set in a currency that has one.</p>
        ) : (
          <table className="ledger" data-testid="fx-rates">
            <caption className="visually-hidden">Credits per major currency unit</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  Credits per unit
                </th>
                <th scope="col" className="num">
                  Minor digits
                </th>
              </tr>
            </thead>
            <tbody>
              {prices.state.value.fx_rates.map((r) => (
                <tr key={r.currency}>
                  <th scope="row">{r.currency}</th>
                  <td className="num">{r.credits_per_major_unit.toLocaleString()}</td>
                  <td className="num">{r.minor_digits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      <form
        className="filters"
        aria-label="Set an FX rate"
        onSubmit={(e) => {
          e.preventDefault();
          const code = currency.trim().toUpperCase();
          saved.run(async (signal) => {
            const rate = await api.putFxRate(code, Number(credits), Number(digits), { signal });
            prices.reload();
            return rate;
          });
        }}
      >
        <label>
          Currency
          <input
            value={currency}
            required
            pattern="[A-Za-z]{3}"
            maxLength={3}
            title="three letters, e.g. EUR"
            onChange={(e) => setCurrency(e.target.value)}
          />
        </label>
        <label>
          Credits per unit
          <input
            type="number"
            required
            min={1}
            max={MAX_CREDITS_PER_MAJOR_UNIT}
            step={1}
            value={credits}
            onChange={(e) => setCredits(e.target.value)}
          />
        </label>
        <label>
          Minor digits
          <input
            type="number"
            required
            min={0}
            max={MAX_MINOR_DIGITS}
            step={1}
            value={digits}
            onChange={(e) => setDigits(e.target.value)}
          />
        </label>
        <button type="submit" disabled={saved.state.status === 'loading'}>
          Set rate
        </button>
      </form>
      {['currency', 'credits_per_major_unit', 'minor_digits'].map((f) =>
        fieldError(f) ? (
          <p key={f} className="field-error">
            {f}: {fieldError(f)}
          </p>
        ) : null,
      )}
      {error && !(error instanceof ApiProblem && error.field) ? (
        <p className="notice error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
      {saved.state.status === 'ready' ? (
        <p role="status">
          {saved.state.value.currency}: {saved.state.value.credits_per_major_unit.toLocaleString()} credits per unit.
        </p>
      ) : null}
    </section>
  );
}
