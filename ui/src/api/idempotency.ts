/**
 * Idempotency keys for money-moving POSTs (Stripe semantics on the server): one key per user
 * intent. A retry of the same intent must reuse the key; a new intent gets a new key.
 * Server-side pattern: [A-Za-z0-9._:~-]{1,200}.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  // crypto.randomUUID needs a secure context; getRandomValues does not.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
