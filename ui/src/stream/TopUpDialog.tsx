import { useState } from 'react';
import { Link } from 'react-router-dom';
import { describeError } from '../api/problem';
import { useServices } from '../app/context';
import { Dialog } from '../components/Dialog';
import { formatCredits } from '../components/async';
import { BuyCredits } from '../wallet/WalletPage';

/**
 * Opened when /meter answers 402: playback is paused until the wallet covers the next interval.
 * The viewer buys a pack in place (price list, provider, checkout: the sandbox completes here, a real
 * provider redirects and returns to /payments/{id}/success), then "I have topped up" re-checks the
 * command side's balance (strongly consistent) and resumes with the same unpaid interval.
 */
export function TopUpDialog({
  open,
  rateMinor,
  onClose,
  onToppedUp,
  purpose = 'playback',
}: {
  open: boolean;
  /** The balance needed to continue (one interval; 1 credit for the chat). */
  rateMinor: number;
  /** Paused playback (402 on /meter) or the chat's credit gate (402 on the room token). */
  purpose?: 'playback' | 'chat';
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
          purpose === 'chat'
            ? `Your balance is ${formatCredits(wallet.balance_minor)}; the chat needs at least ${formatCredits(rateMinor)}.`
            : `Your balance is ${formatCredits(wallet.balance_minor)}; one interval costs ${formatCredits(rateMinor)}.`,
        );
    } catch (e) {
      setNote(describeError(e));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Dialog
      title={purpose === 'chat' ? 'Credits needed to chat' : 'You are out of credits'}
      open={open}
      onClose={onClose}
    >
      <p>
        {purpose === 'chat'
          ? 'The chat is open to viewers with credits in their wallet. Top up to write in it.'
          : 'Playback is paused. Top up your wallet to keep watching; you will not be charged while paused.'}
      </p>
      <BuyCredits />
      <p>
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
