/**
 * Typed Creditcast endpoints. JSON is snake_case on the wire and kept so here (no renaming layer).
 *
 * "available" endpoints exist in command-service today. "pending" ones follow the shapes planned by
 * the read-models (5), payments (4) and media (6) issues; until those land the server answers 404 and
 * the pages show "not available yet" instead of any made-up data.
 */
import type { ApiClient, RequestOptions } from './client';

// ---- command-service (available) ----

export interface ViewingSession {
  session_id: string;
  stream_id: string;
  creator_id: string;
  rate_minor: number;
  interval_ms: number;
}

export interface MeterRequest {
  session_id: string;
  interval_index: number;
  playback_ms: number;
}

export interface MeterResult {
  session_id: string;
  interval_index: number;
  debited_minor: number;
  remaining_credits: number;
  /** Session-relative time (ms) from which the next interval may be paid. */
  next_allowed_ms: number;
  replayed: boolean;
}

export interface TipRequest {
  creator_id: string;
  amount_minor: number;
  message?: string;
}

export interface TipResult {
  transaction_id: string;
  amount_minor: number;
  fee_minor: number;
  creator_share_minor: number;
  balance_minor: number;
  replayed: boolean;
}

export interface Wallet {
  wallet_id: string;
  balance_minor: number;
  flagged: boolean;
}

export interface CreateStreamRequest {
  title: string;
  category: string;
}

export interface StreamCreated {
  stream_id: string;
  creator_id: string;
  title: string;
  category: string;
}

export type PayoutStatus = 'PENDING' | 'APPROVED' | 'COMPLETED' | 'FAILED' | string;

export interface Earnings {
  creator_id: string;
  balance_minor: number;
  held_minor: number;
  available_minor: number;
  payouts: Record<string, PayoutStatus>;
}

export interface PayoutResult {
  payout_id: string;
  status: PayoutStatus;
  replayed: boolean;
}

// ---- read models / media (pending: shapes to confirm when those issues land) ----

export interface LedgerEntry {
  transaction_id: string;
  /** e.g. deposit, metering, tip, purchase, refund, chargeback, adjustment */
  type: string;
  amount_minor: number;
  balance_after_minor?: number;
  occurred_at: string;
  reference?: string;
}

export interface LedgerPage {
  items: LedgerEntry[];
  next_cursor: string | null;
}

export interface StreamSummary {
  stream_id: string;
  creator_id: string;
  creator_name?: string;
  title: string;
  category: string;
  language?: string;
  tags?: string[];
  live: boolean;
  viewer_count?: number;
}

export interface StreamPage {
  items: StreamSummary[];
  next_cursor?: string | null;
}

export interface StreamQuery {
  status?: 'live';
  category?: string;
  language?: string;
  q?: string;
}

export interface EarningsByDay {
  /** One row per day and source (metering, tips, purchases). */
  items: { day: string; source: string; amount_minor: number }[];
}

/** Largest page the UI asks for; the server caps it too. */
export const LEDGER_PAGE_SIZE = 50;

export function creditcastApi(client: ApiClient) {
  return {
    startViewingSession: (stream_id: string, o?: RequestOptions) =>
      client.post<ViewingSession>('/api/v1/viewing-sessions', { stream_id }, o),
    meter: (req: MeterRequest, o?: RequestOptions) => client.post<MeterResult>('/api/v1/meter', req, o),
    tip: (req: TipRequest, idempotencyKey: string, o?: RequestOptions) =>
      client.post<TipResult>('/api/v1/tips', req, { ...o, idempotencyKey }),
    wallet: (o?: RequestOptions) => client.get<Wallet>('/api/v1/wallet', o),
    createStream: (req: CreateStreamRequest, o?: RequestOptions) =>
      client.post<StreamCreated>('/api/v1/streams', req, o),
    earnings: (o?: RequestOptions) => client.get<Earnings>('/api/v1/creators/me/earnings', o),
    requestPayout: (amount_minor: number, idempotencyKey: string, o?: RequestOptions) =>
      client.post<PayoutResult>('/api/v1/payouts', { amount_minor }, { ...o, idempotencyKey }),

    // pending (read models, issue 5)
    ledger: (cursor: string | null, o?: RequestOptions) =>
      client.get<LedgerPage>(
        `/api/v1/wallet/ledger?limit=${LEDGER_PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        o,
      ),
    streams: (query: StreamQuery, o?: RequestOptions) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
      return client.get<StreamPage>(`/api/v1/streams?${params.toString()}`, o);
    },
    streamSuggestions: (prefix: string, o?: RequestOptions) =>
      client.get<{ suggestions: string[] }>(`/api/v1/streams/suggestions?q=${encodeURIComponent(prefix)}`, o),
    earningsByDay: (o?: RequestOptions) => client.get<EarningsByDay>('/api/v1/creators/me/earnings/daily', o),
  };
}

export type CreditcastApi = ReturnType<typeof creditcastApi>;
