import { useState } from 'react';
import { Link } from 'react-router-dom';
import { describeError } from '../api/problem';
import { useServices } from '../app/context';
import { Dialog } from '../components/Dialog';
import { formatCredits } from '../components/async';

/**
 * Opened when /meter answers 402: playback is paused until the wallet covers the next interval.
 * Buying credits arrives with the payments issue (GET /api/v1/prices, POST /api/v1/payments/checkout);
 * until then the dialog links to the wallet and re-checks the balance (e.g. after a deposit).
 */
export function TopUpDialog({
  open,
  rateMinor,
  onClose,
  onToppedUp,
}: {
  open: boolean;
  rateMinor: number;
  onClose: () => void;
  onToppedUp: () => void;
}) {
  const { api } = useServices();
  const [checking, setChecking] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const check = async () => {
    setChecking(true);
    setNote(null);
    try {
      const wallet = await api.wallet();
      if (wallet.balance_minor >= rateMinor) onToppedUp();
      else
        setNote(
          `Your balance is ${formatCredits(wallet.balance_minor)}; one interval costs ${formatCredits(rateMinor)}.`,
        );
    } catch (e) {
      setNote(describeError(e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Dialog title="You are out of credits" open={open} onClose={onClose}>
      <p>Playback is paused. Top up your wallet to keep watching; you will not be charged while paused.</p>
      <p className="notice pending">
        Buying credits in the app comes with the payments service (not available yet).{' '}
        <Link to="/wallet">Open the wallet</Link>
      </p>
      {note ? (
        <p role="status" className="muted">
          {note}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" data-autofocus onClick={() => void check()} disabled={checking}>
          {checking ? 'Checking…' : 'I have topped up — continue'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
