import { Link, useParams } from 'react-router-dom';
import { useServices } from '../app/context';
import { ErrorBox, Loading, formatCredits, useAsync } from '../components/async';

/**
 * Where the payment provider sends the buyer back (`creditcast.payments.success-url` /
 * `cancel-url`: `/payments/{PAYMENT_ID}/success|cancel`). Shows the payment's status from the
 * caller's own payments; the credits arrive when the provider's webhook is processed.
 */
export function PaymentReturnPage({ outcome }: { outcome: 'success' | 'cancel' }) {
  const { api } = useServices();
  const { paymentId = '' } = useParams();
  const payments = useAsync((signal) => api.myPayments(null, { signal }), [api]);
  const payment =
    payments.state.status === 'ready' ? payments.state.value.items.find((p) => p.payment_id === paymentId) : undefined;
  return (
    <div>
      <h1>{outcome === 'success' ? 'Thank you' : 'Payment cancelled'}</h1>
      {payments.state.status === 'loading' ? <Loading /> : null}
      {payments.state.status === 'error' ? <ErrorBox error={payments.state.error} onRetry={payments.reload} /> : null}
      {payments.state.status === 'ready' ? (
        payment ? (
          <p role="status" data-testid="payment-status">
            Payment {payment.payment_id}: {formatCredits(payment.credits)} — {payment.status.toLowerCase()}
            {payment.status === 'PENDING' ? ' (waiting for the provider to confirm)' : ''}.{' '}
            <button type="button" onClick={payments.reload}>
              Check again
            </button>
          </p>
        ) : (
          <p>No recent payment {paymentId} was found in your payments.</p>
        )
      ) : null}
      <p>
        <Link to="/wallet">Back to the wallet</Link>
      </p>
    </div>
  );
}
