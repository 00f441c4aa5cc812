/**
 * Typed Creditcast endpoints. JSON is snake_case on the wire and kept so here (no renaming layer).
 *
 * Two services answer: the command service (writes, strongly consistent reads, payments, prices,
 * moderation) through `command`, and the query service (read models: wallet balance/ledger/SSE,
 * discovery, earnings by day, audit and finance) through `query`. Shapes follow the controllers'
 * records (command-service `…Controller`, query-service `…Controller`); see docs/ui.md for routing.
 */
import type { ApiClient, RequestOptions } from './client';

// ---- command service ----

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
  language?: string;
  tags?: string[];
}

/** Ingest credentials; `stream_key` is shown only in the create/rotate answer. */
export interface Ingest {
  rtmp_url: string;
  srt_url: string | null;
  stream_key: string;
  key_version: number;
}

export interface StreamCreated {
  stream_id: string;
  creator_id: string;
  title: string;
  category: string;
  status?: string;
  ingest?: Ingest | null;
}

export interface TakedownResult {
  stream_id: string;
  status: string;
  actor_id: string;
  actor_role: string;
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

/** The command side's payout statuses: PENDING until fully approved (two approvers above the threshold). */
export const PAYOUT_STATUSES = ['PENDING', 'APPROVED', 'COMPLETED', 'FAILED'] as const;

/** One payout request in the admins' queue (query service `read.payout`). */
export interface QueuedPayout {
  payout_id: string;
  creator_id: string;
  amount_minor: number;
  status: PayoutStatus;
  approvals: number;
  last_approver: string | null;
  provider_reference: string | null;
  failure_reason: string | null;
  requested_at: string;
  updated_at: string;
}

export interface PayoutQueuePage {
  payouts: QueuedPayout[];
  next_cursor: string | null;
}

/** A read-model projection's state (query service `GET /admin/projections`). */
export interface ProjectionStatus {
  name: string;
  running: boolean;
  replaying: boolean;
  position_global_index: number;
  head_global_index: number;
  behind_events: number;
  progress_percent: number;
  error: string | null;
}

/** An in-app notification (today: a followed creator went live). */
export interface AppNotification {
  id: number;
  kind: 'creator_live' | string;
  creator_id: string;
  stream_id: string;
  title: string;
  created_at: string;
}

export interface NotificationPage {
  items: AppNotification[];
  next_before_id: number | null;
}

export const NOTIFICATIONS_SHOWN = 20;

export interface FollowState {
  creator_id: string;
  following: boolean;
  changed: boolean;
}

/** One of a creator's streams on their public profile (query service). */
export interface CreatorStream {
  stream_id: string;
  title: string;
  category: string;
  status: string;
  viewer_count: number;
  created_at: string;
  went_live_at: string | null;
  ended_at: string | null;
  viewing_sessions: number;
  watch_ms: number;
}

export interface CreatorStreams {
  creator_id: string;
  live: boolean;
  total_streams: number;
  streams: CreatorStream[];
}

export const CREATOR_STREAMS_SHOWN = 20;

export interface PayoutFilter {
  status?: string;
  creator?: string;
}

// ---- payments (command service) ----

export type PaymentProvider = 'stripe' | 'coinbase' | 'sandbox';
export const PAYMENT_PROVIDERS: readonly { id: PaymentProvider; label: string }[] = [
  { id: 'stripe', label: 'Card or bank transfer (Stripe)' },
  { id: 'coinbase', label: 'Crypto (Coinbase)' },
  { id: 'sandbox', label: 'Sandbox (local demo, no money)' },
];

export interface Price {
  price_id: string;
  product_code: string;
  credits: number;
  amount_minor: number;
  currency: string;
  active: boolean;
}

export interface FxRate {
  currency: string;
  credits_per_major_unit: number;
  minor_digits: number;
}

export interface PriceList {
  prices: Price[];
  fx_rates: FxRate[];
}

export interface PriceRequest {
  product_code: string;
  credits?: number;
  amount_minor: number;
  currency: string;
  active: boolean;
}

export interface CheckoutResult {
  payment_id: string;
  status: string;
  provider: string;
  provider_ref: string | null;
  checkout_url: string | null;
  credits: number;
  amount_minor: number;
  currency: string;
  replayed: boolean;
}

export type PaymentStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'EXPIRED';
export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['PENDING', 'SUCCEEDED', 'FAILED', 'EXPIRED'];

export interface PaymentAdjustment {
  adjustment_id: string;
  payment_id: string;
  kind: string;
  status: string;
  amount_minor: number;
  credits: number;
  created_at: string;
  updated_at: string;
}

export interface Payment {
  payment_id: string;
  user_id: string;
  status: PaymentStatus | string;
  provider: string;
  provider_ref: string | null;
  product_code: string;
  credits: number;
  amount_minor: number;
  currency: string;
  refunded_amount_minor: number;
  refunded_credits: number;
  failure_reason: string | null;
  created_at: string;
  succeeded_at: string | null;
  refunds: PaymentAdjustment[];
  disputes: PaymentAdjustment[];
}

export interface PaymentPage {
  items: Payment[];
  next_cursor: string | null;
}

export interface PaymentFilter {
  status?: string;
  provider?: string;
  user_id?: string;
}

/** Body of POST /admin/refunds and /admin/chargebacks (credits, from the user's wallet). */
export interface ReversalRequest {
  user_id: string;
  payment_id: string;
  reference_id: string;
  amount_minor: number;
}

export interface WalletTransaction {
  transaction_id: string;
  balance_minor: number;
  flagged: boolean;
  replayed: boolean;
}

// ---- chat (command service; frames in src/chat/protocol.ts) ----

/** `GET /streams/{id}/chat/token` (ChatTokenController.ChatTokenResponse); paths are relative to the API base. */
export interface ChatToken {
  token: string;
  stream_id: string;
  expires_at: string;
  /** The creator, moderators and admins chat without credits. */
  privileged: boolean;
  ws_path: string;
  events_path: string;
}

// ---- chat moderation (command service) ----

export interface ModerationAction {
  id: number;
  stream_id: string;
  action: string;
  actor_id: string;
  target: string | null;
  reason: string | null;
  detail: string | null;
  occurred_at: string;
}

export interface ChatModerationResult {
  stream_id: string;
  action: string;
  target: string;
  changed: boolean;
}

export type ChatModerationRequest =
  | { action: 'deletions'; message_id: number; reason: string }
  | { action: 'bans' | 'unbans'; user_id: string; reason: string }
  | { action: 'mutes'; user_id: string; duration_s: number; reason: string };

export interface ModerationActionPage {
  items: ModerationAction[];
  next_before_id: number | null;
}

// ---- query service: wallet ----

export interface Balance {
  wallet_id: string;
  balance_minor: number;
  flagged: boolean;
  rate_per_interval_minor: number;
  intervals_covered: number;
  /** Fewer than `low_balance_intervals` intervals left at the current rate. */
  low_balance: boolean;
  low_balance_intervals: number;
}

/** One posting leg of the journal (query-service `JournalRow`). Positive = into the account. */
export interface JournalRow {
  global_index: number;
  leg: number;
  transaction_id: string;
  /** deposit, metering, tip, purchase, refund, chargeback, chargeback-reversal, adjustment, settlement, payout */
  entry_type: string;
  reference: string | null;
  account_id: string;
  amount_minor: number;
  occurred_at: string;
}

export const ENTRY_TYPES = [
  'deposit',
  'metering',
  'tip',
  'purchase',
  'refund',
  'chargeback',
  'chargeback-reversal',
  'adjustment',
  'settlement',
  'payout',
] as const;

export function journalRowKey(r: JournalRow): string {
  return `${r.global_index}:${r.leg}`;
}

export interface LedgerPage {
  wallet_id: string;
  entries: JournalRow[];
  next_cursor: string | null;
}

// ---- query service: discovery ----

export interface StreamSummary {
  kind: 'stream' | 'creator' | string;
  id: string;
  creator_id: string;
  title: string;
  category: string | null;
  language: string | null;
  tags: string[] | null;
  status: 'live' | 'offline' | string;
  viewer_count: number;
}

export interface StreamResults {
  total: number;
  page: number;
  size: number;
  items: StreamSummary[];
}

export interface StreamQuery {
  status?: 'live' | 'offline';
  category?: string;
  language?: string;
  /** Free text: switches from the listing (`/streams`) to full-text search (`/search`). */
  q?: string;
  page?: number;
  size?: number;
}

export interface Category {
  name: string;
  streams: number;
}

// ---- query service: earnings, revenue ----

export interface EarningsDay {
  day: string;
  /** metering, tips, purchases */
  source: string;
  gross_minor: number;
  fee_minor: number;
  net_minor: number;
  entry_count: number;
}

export interface EarningsByDay {
  creator_id: string;
  from: string;
  to: string;
  days: EarningsDay[];
  gross_minor: number;
  net_minor: number;
}

export interface RevenueRow {
  period: string;
  /** card, bank, crypto… (mapped from the provider by the query service) */
  source: string;
  deposits_minor: number;
  deposit_count: number;
  refunds_minor: number;
  chargebacks_minor: number;
  chargeback_reversals_minor: number;
  net_minor: number;
}

// ---- query service: audit ----

export interface JournalFilter {
  account?: string;
  type?: string;
  reference?: string;
  /** ISO-8601 instants, [from, to) */
  from?: string;
  to?: string;
}

export interface JournalPage {
  entries: JournalRow[];
  next_cursor: string | null;
}

export interface AccountBalance {
  account_id: string;
  as_of: string | null;
  balance_minor: number;
}

export interface Statement {
  account_id: string;
  from: string;
  to: string;
  opening_balance_minor: number;
  debits_minor: number;
  credits_minor: number;
  closing_balance_minor: number;
  entry_count: number;
}

export interface TrialBalance {
  as_of: string | null;
  kinds: { kind: string; balance_minor: number; account_count: number }[];
  total_minor: number;
  balanced: boolean;
}

export interface ReconciliationReport {
  checked_up_to_global_index: number;
  events_folded: number;
  accounts_checked: number;
  wallets_checked: number;
  event_store_sum_minor: number;
  difference_count: number;
  truncated: boolean;
  differences: { account_id: string; read_model_minor: number; event_store_minor: number; difference_minor: number }[];
}

/** A recording (VOD) of an ended stream, from the query service's `GET /api/v1/recordings`. */
export interface Recording {
  stream_id: string;
  stream_title: string;
  creator_id: string;
  ingest_session_id: string;
  duration_ms: number;
  /** When the recording became ready (ISO instant). */
  created_at: string;
  vod_playlist_url: string;
  /** The MP4 remux, or null when the media worker made none. */
  mp4_url: string | null;
}

export interface RecordingPage {
  recordings: Recording[];
  next_cursor: string | null;
}

/** `GET /api/v1/streams/{id}/ingest-health` (command service): go-live status with the worker's latest sample. */
export interface IngestHealth {
  stream_id: string;
  status: 'SCHEDULED' | 'LIVE' | 'PAUSED' | 'ENDED' | 'TAKEN_DOWN';
  ingest_session_id: string | null;
  live_since: string | null;
  viewers: number;
  listeners: number;
  /** Null when not live/paused or nothing reported for this session yet. */
  health: {
    reported_at: string;
    age_ms: number;
    stale: boolean;
    publisher_connected: boolean;
    /** Null when the worker did not measure it in its last window. */
    input_bitrate_kbps: number | null;
    encoder_fps: number | null;
    encoder_speed: number | null;
    encoder_restarts: number;
  } | null;
}

/** Recordings per page the studio asks for (the query service allows 1..100). */
export const RECORDINGS_PAGE_SIZE = 20;

/** Largest page the UI asks for; the servers cap it too (query: 200, payments: their max-page-size). */
export const LEDGER_PAGE_SIZE = 50;
export const JOURNAL_PAGE_SIZE = 50;
export const PAYMENTS_PAGE_SIZE = 50;
export const MODERATION_PAGE_SIZE = 50;
export const PAYOUTS_PAGE_SIZE = 50;
export const SUGGESTIONS_MAX = 8;

/** `?a=1&b=2` from the defined, non-empty values (empty string when none). */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const seg = encodeURIComponent;

export function creditcastApi(command: ApiClient, query: ApiClient) {
  return {
    // command service: viewing, tips, wallet (strongly consistent), streams, payouts
    startViewingSession: (stream_id: string, o?: RequestOptions) =>
      command.post<ViewingSession>('/api/v1/viewing-sessions', { stream_id }, o),
    meter: (req: MeterRequest, o?: RequestOptions) => command.post<MeterResult>('/api/v1/meter', req, o),
    tip: (req: TipRequest, idempotencyKey: string, o?: RequestOptions) =>
      command.post<TipResult>('/api/v1/tips', req, { ...o, idempotencyKey }),
    wallet: (o?: RequestOptions) => command.get<Wallet>('/api/v1/wallet', o),
    createStream: (req: CreateStreamRequest, o?: RequestOptions) =>
      command.post<StreamCreated>('/api/v1/streams', req, o),
    rotateStreamKey: (streamId: string, o?: RequestOptions) =>
      command.post<Ingest>(`/api/v1/streams/${seg(streamId)}/key-rotations`, {}, o),
    takedown: (streamId: string, reason: string, o?: RequestOptions) =>
      command.post<TakedownResult>(`/api/v1/streams/${seg(streamId)}/takedown`, { reason }, o),
    earnings: (o?: RequestOptions) => command.get<Earnings>('/api/v1/creators/me/earnings', o),
    ingestHealth: (streamId: string, o?: RequestOptions) =>
      command.get<IngestHealth>(`/api/v1/streams/${seg(streamId)}/ingest-health`, o),
    requestPayout: (amount_minor: number, idempotencyKey: string, o?: RequestOptions) =>
      command.post<PayoutResult>('/api/v1/payouts', { amount_minor }, { ...o, idempotencyKey }),
    following: (creatorId: string, o?: RequestOptions) =>
      command.get<FollowState>(`/api/v1/creators/${seg(creatorId)}/follow`, o),
    follow: (creatorId: string, o?: RequestOptions) =>
      command.post<FollowState>(`/api/v1/creators/${seg(creatorId)}/follow`, {}, o),
    unfollow: (creatorId: string, o?: RequestOptions) =>
      command.delete<FollowState>(`/api/v1/creators/${seg(creatorId)}/follow`, o),
    notifications: (o?: RequestOptions) =>
      command.get<NotificationPage>(`/api/v1/me/notifications${queryString({ limit: NOTIFICATIONS_SHOWN })}`, o),
    /** New notifications as they are created (server-sent events). */
    notificationEvents: (onNotification: (n: AppNotification) => void, signal: AbortSignal) =>
      command.events(
        '/api/v1/me/notifications/stream',
        (e) => {
          if (e.event === 'notification') onNotification(JSON.parse(e.data) as AppNotification);
        },
        signal,
      ),
    approvePayout: (payoutId: string, idempotencyKey: string, o?: RequestOptions) =>
      command.post<PayoutResult>(`/api/v1/admin/payouts/${seg(payoutId)}/approve`, {}, { ...o, idempotencyKey }),
    completePayout: (payoutId: string, provider_reference: string, idempotencyKey: string, o?: RequestOptions) =>
      command.post<PayoutResult>(
        `/api/v1/admin/payouts/${seg(payoutId)}/complete`,
        { provider_reference },
        { ...o, idempotencyKey },
      ),
    failPayout: (payoutId: string, reason: string, idempotencyKey: string, o?: RequestOptions) =>
      command.post<PayoutResult>(`/api/v1/admin/payouts/${seg(payoutId)}/fail`, { reason }, { ...o, idempotencyKey }),

    // command service: payments and prices
    prices: (o?: RequestOptions) => command.get<PriceList>('/api/v1/prices', o),
    checkout: (price_id: string, provider: PaymentProvider, idempotencyKey: string, o?: RequestOptions) =>
      command.post<CheckoutResult>('/api/v1/payments/checkout', { price_id, provider }, { ...o, idempotencyKey }),
    /** SANDBOX provider only (local run): completes the caller's own pending checkout. */
    completeSandboxCheckout: (checkoutUrl: string, o?: RequestOptions) =>
      command.post<{ received: boolean; event_id: string; duplicate: boolean }>(checkoutUrl, {}, o),
    myPayments: (cursor: string | null, o?: RequestOptions) =>
      command.get<PaymentPage>(`/api/v1/payments${queryString({ limit: PAYMENTS_PAGE_SIZE, cursor })}`, o),
    adminPayments: (filter: PaymentFilter, cursor: string | null, o?: RequestOptions) =>
      command.get<PaymentPage>(
        `/api/v1/admin/payments${queryString({ ...filter, limit: PAYMENTS_PAGE_SIZE, cursor })}`,
        o,
      ),
    adminPrices: (o?: RequestOptions) => command.get<PriceList>('/api/v1/admin/prices', o),
    putPrice: (req: PriceRequest, o?: RequestOptions) => command.post<Price>('/api/v1/admin/prices', req, o),
    putFxRate: (currency: string, credits_per_major_unit: number, minor_digits: number, o?: RequestOptions) =>
      command.put<FxRate>(`/api/v1/admin/fx-rates/${seg(currency)}`, { credits_per_major_unit, minor_digits }, o),
    refund: (req: ReversalRequest, idempotencyKey: string, o?: RequestOptions) =>
      command.post<WalletTransaction>('/api/v1/admin/refunds', req, { ...o, idempotencyKey }),
    chargeback: (req: ReversalRequest, idempotencyKey: string, o?: RequestOptions) =>
      command.post<WalletTransaction>('/api/v1/admin/chargebacks', req, { ...o, idempotencyKey }),
    reverseChargeback: (disputeId: string, user_id: string, idempotencyKey: string, o?: RequestOptions) =>
      command.post<WalletTransaction>(
        `/api/v1/admin/chargebacks/${seg(disputeId)}/reversal`,
        { user_id },
        { ...o, idempotencyKey },
      ),

    // command service: chat room token (402 chat-top-up-required without credits, 403 chat-banned)
    chatToken: (streamId: string, o?: RequestOptions) =>
      command.get<ChatToken>(`/api/v1/streams/${seg(streamId)}/chat/token`, o),
    /** The read-only fallback: the room's frames as server-sent events (`events_path` of the token). */
    chatEvents: (eventsPath: string, onFrame: (json: string) => void, signal: AbortSignal) =>
      command.events(eventsPath, (e) => onFrame(e.data), signal),

    // command service: chat moderation (creator of the stream, moderators, admins) and its audit
    moderateChat: (streamId: string, { action, ...body }: ChatModerationRequest, o?: RequestOptions) =>
      command.post<ChatModerationResult>(`/api/v1/streams/${seg(streamId)}/chat/moderation/${action}`, body, o),
    moderationActions: (streamId: string | null, beforeId: number | null, o?: RequestOptions) =>
      command.get<ModerationActionPage>(
        `/api/v1/admin/chat/moderation-actions${queryString({ stream_id: streamId, before_id: beforeId, limit: MODERATION_PAGE_SIZE })}`,
        o,
      ),

    // query service: wallet read model
    balance: (o?: RequestOptions) => query.get<Balance>('/api/v1/wallet/balance', o),
    ledger: (cursor: string | null, o?: RequestOptions) =>
      query.get<LedgerPage>(`/api/v1/wallet/ledger${queryString({ limit: LEDGER_PAGE_SIZE, cursor })}`, o),
    /** Live balance: the current balance first, then one event per committed change. */
    balanceEvents: (onBalance: (b: Balance) => void, signal: AbortSignal) =>
      query.events(
        '/api/v1/wallet/stream',
        (e) => {
          if (e.event === 'balance') onBalance(JSON.parse(e.data) as Balance);
        },
        signal,
      ),

    // query service: discovery
    streams: ({ q, ...filters }: StreamQuery, o?: RequestOptions) =>
      q
        ? query.get<StreamResults>(`/api/v1/search${queryString({ q, kind: 'stream', ...filters })}`, o)
        : query.get<StreamResults>(`/api/v1/streams${queryString({ ...filters })}`, o),
    suggest: (prefix: string, o?: RequestOptions) =>
      query.get<string[]>(`/api/v1/search/suggest${queryString({ prefix, size: SUGGESTIONS_MAX })}`, o),
    categories: (o?: RequestOptions) => query.get<Category[]>('/api/v1/categories', o),
    /** Stream status changes as they are committed (`ready` once listening, then `status` per change). */
    streamStatusEvents: (
      onEvent: (e: { kind: 'ready' } | { kind: 'status'; stream_id: string; status: string }) => void,
      signal: AbortSignal,
    ) =>
      query.events(
        '/api/v1/streams/status-events',
        (e) => {
          if (e.event === 'ready') onEvent({ kind: 'ready' });
          else if (e.event === 'status') {
            const change = JSON.parse(e.data) as { stream_id: string; status: string };
            onEvent({ kind: 'status', ...change });
          }
        },
        signal,
      ),
    creatorStreams: (creatorId: string, o?: RequestOptions) =>
      query.get<CreatorStreams>(
        `/api/v1/creators/${seg(creatorId)}/streams${queryString({ limit: CREATOR_STREAMS_SHOWN })}`,
        o,
      ),

    // query service: earnings and revenue
    earningsByDay: (from: string, to: string, o?: RequestOptions) =>
      query.get<EarningsByDay>(`/api/v1/creators/me/earnings${queryString({ from, to })}`, o),
    earningsCsv: (from: string, to: string, o?: RequestOptions) =>
      query.download(`/api/v1/creators/me/earnings${queryString({ from, to, format: 'csv' })}`, o),
    revenue: (from: string, to: string, period: 'day' | 'month', o?: RequestOptions) =>
      query.get<RevenueRow[]>(`/api/v1/admin/revenue${queryString({ from, to, period })}`, o),

    /** The payout queue (admins, auditors), oldest first. */
    adminPayouts: (filter: PayoutFilter, cursor: string | null, o?: RequestOptions) =>
      query.get<PayoutQueuePage>(
        `/api/v1/admin/payouts${queryString({ ...filter, cursor, limit: PAYOUTS_PAGE_SIZE })}`,
        o,
      ),
    /** Projections with position, head and progress (admins, auditors); replay is admins only. */
    projections: (o?: RequestOptions) => query.get<ProjectionStatus[]>('/api/v1/admin/projections', o),
    replayProjection: (name: string, o?: RequestOptions) =>
      query.post<ProjectionStatus>(`/api/v1/admin/projections/${seg(name)}/replay`, {}, o),
    revenueCsv: (from: string, to: string, period: 'day' | 'month', o?: RequestOptions) =>
      query.download(`/api/v1/admin/revenue${queryString({ from, to, period, format: 'csv' })}`, o),

    // query service: recordings (a creator's own; admins everyone's)
    recordings: (cursor: string | null, o?: RequestOptions) =>
      query.get<RecordingPage>(`/api/v1/recordings${queryString({ limit: RECORDINGS_PAGE_SIZE, cursor })}`, o),

    // query service: audit (auditor, admin)
    journal: (filter: JournalFilter, cursor: string | null, o?: RequestOptions) =>
      query.get<JournalPage>(`/api/v1/audit/journal${queryString({ ...filter, cursor, limit: JOURNAL_PAGE_SIZE })}`, o),
    journalExport: (filter: JournalFilter, format: 'csv' | 'json', o?: RequestOptions) =>
      query.download(`/api/v1/audit/journal/export${queryString({ ...filter, format })}`, o),
    accountBalance: (account: string, at: string | null, o?: RequestOptions) =>
      query.get<AccountBalance>(`/api/v1/audit/accounts/${seg(account)}/balance${queryString({ at })}`, o),
    statement: (account: string, from: string, to: string, o?: RequestOptions) =>
      query.get<Statement>(`/api/v1/audit/accounts/${seg(account)}/statement${queryString({ from, to })}`, o),
    trialBalance: (at: string | null, o?: RequestOptions) =>
      query.get<TrialBalance>(`/api/v1/audit/trial-balance${queryString({ at })}`, o),
    reconciliation: (o?: RequestOptions) => query.get<ReconciliationReport>('/api/v1/audit/reconciliation', o),
  };
}

export type CreditcastApi = ReturnType<typeof creditcastApi>;
