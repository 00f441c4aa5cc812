/**
 * `<input type="datetime-local">` gives local wall time without a zone; the APIs take ISO-8601
 * instants. Empty stays undefined (the filter is left out of the request).
 */
export function instantOf(localValue: string): string | undefined {
  if (!localValue) return undefined;
  const t = new Date(localValue);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : t.toLocaleString();
}
