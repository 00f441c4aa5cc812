/**
 * The chat room's frame protocol (docs/chat.md, command-service `ChatFrames`): JSON text frames with a
 * `type`, snake_case kept as on the wire. No DOM/React here.
 */

/** The server's `max-message-code-points`; the `welcome` frame may announce another value. */
export const MAX_MESSAGE_CODE_POINTS = 200;

export interface ChatMessageBody {
  id: number;
  user_id: string;
  /** Plain text: may contain `<`/`>`; always rendered as text, never as HTML. */
  text: string;
  highlighted: boolean;
  paid_minor: number;
  sent_at: string;
}

export interface WelcomeFrame {
  type: 'welcome';
  stream_id: string;
  user_id: string;
  can_send: boolean;
  slow_mode_s: number;
  max_message_code_points: number;
}
export interface HistoryFrame {
  type: 'history';
  /** The last visible messages, oldest first. */
  messages: ChatMessageBody[];
}
export interface MessageFrame extends ChatMessageBody {
  type: 'message';
}
export interface AckFrame {
  type: 'ack';
  client_msg_id: string;
  id: number;
  replayed: boolean;
}
export interface MessageDeletedFrame {
  type: 'message_deleted';
  id: number;
}
export interface UserMutedFrame {
  type: 'user_muted';
  user_id: string;
  until: string;
}
export interface UserBannedFrame {
  type: 'user_banned';
  user_id: string;
}
export interface SlowModeFrame {
  type: 'slow_mode';
  /** 0 = off */
  interval_s: number;
}
export interface ViewersFrame {
  type: 'viewers';
  count: number;
}
export type TipAnimation = 'small' | 'medium' | 'large';
export interface TipFrame {
  type: 'tip';
  tip_id: string;
  user_id: string;
  amount_minor: number;
  message: string;
  highlighted: true;
  animation: TipAnimation;
}
export interface StreamStatusFrame {
  type: 'stream_status';
  /** `live`, `paused`, `ended`, `taken_down`, … */
  status: string;
}
export interface LowBalanceFrame {
  type: 'low_balance';
  balance_minor: number;
}
export interface EligibilityFrame {
  type: 'eligibility';
  can_send: boolean;
  reason: string | null;
}
export interface PongFrame {
  type: 'pong';
}

export type ChatErrorCode =
  | 'empty_message'
  | 'message_too_long'
  | 'rate_limited'
  | 'duplicate_message'
  | 'slow_mode'
  | 'muted'
  | 'banned'
  | 'not_eligible'
  | 'insufficient_credits'
  | 'client_msg_id_required'
  | 'invalid_client_msg_id'
  | 'read_only'
  | 'malformed_frame'
  | 'unknown_type'
  | 'unsupported_frame'
  | 'unavailable'
  | 'token_invalid'
  | 'unknown_stream'
  | 'too_many_connections_for_user'
  | 'too_many_connections_from_ip';

/** An `error` frame: the connection stays open. Code-specific fields are optional. */
export interface ErrorFrame {
  type: 'error';
  code: ChatErrorCode | string;
  detail: string;
  retry_after_ms?: number;
  limit?: number;
  window_s?: number;
  interval_s?: number;
  until?: string;
  reason?: string;
  max_code_points?: number;
  code_points?: number;
}

export type ServerFrame =
  | WelcomeFrame
  | HistoryFrame
  | MessageFrame
  | AckFrame
  | MessageDeletedFrame
  | UserMutedFrame
  | UserBannedFrame
  | SlowModeFrame
  | ViewersFrame
  | TipFrame
  | StreamStatusFrame
  | LowBalanceFrame
  | EligibilityFrame
  | PongFrame
  | ErrorFrame;

export interface SendMessageFrame {
  type: 'message';
  text: string;
  /** `[A-Za-z0-9_-]{1,64}`: a retry with the same id is the same message. */
  client_msg_id: string;
  highlight?: boolean;
}
export interface PingFrame {
  type: 'ping';
}
export type ClientFrame = SendMessageFrame | PingFrame;

const SERVER_TYPES: ReadonlySet<string> = new Set([
  'welcome',
  'history',
  'message',
  'ack',
  'message_deleted',
  'user_muted',
  'user_banned',
  'slow_mode',
  'viewers',
  'tip',
  'stream_status',
  'low_balance',
  'eligibility',
  'pong',
  'error',
]);

/** A frame of a known type, or null for anything else (not JSON, no type, a type this client does not know). */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !SERVER_TYPES.has(type)) return null;
  if (type === 'history' && !Array.isArray((value as { messages?: unknown }).messages)) return null;
  return value as ServerFrame;
}

/** Length as the server counts it: Unicode code points (an emoji is one). */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}

/** Close codes of the application range (docs/chat.md). */
export const CLOSE_TOKEN_INVALID = 4401;
export const CLOSE_BANNED = 4403;
export const CLOSE_SLOW_CONSUMER = 4408;
export const CLOSE_TOO_MANY_CONNECTIONS = 4429;
export const CLOSE_PROTOCOL_ABUSE = 4400;

/**
 * The WebSocket URL for a token's `ws_path`: relative to the command API base (`''` = this origin),
 * with http(s) turned into ws(s).
 */
export function chatSocketUrl(apiBaseUrl: string, wsPath: string, pageUrl: string): string {
  const url = new URL(apiBaseUrl + wsPath, pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function seconds(ms: number | undefined): number {
  return Math.max(1, Math.ceil((ms ?? 1000) / 1000));
}

/** What to tell the user about an `error` frame (the server's `detail` is kept for unknown codes). */
export function describeChatError(e: ErrorFrame): string {
  switch (e.code) {
    case 'rate_limited':
      return `You are sending too fast${e.limit && e.window_s ? ` (at most ${e.limit} messages per ${e.window_s} s)` : ''}. Try again in ${seconds(e.retry_after_ms)} s.`;
    case 'slow_mode':
      return `Slow mode is on${e.interval_s ? ` (one message every ${e.interval_s} s)` : ''}. Try again in ${seconds(e.retry_after_ms)} s.`;
    case 'duplicate_message':
      return 'You sent the same message a moment ago.';
    case 'message_too_long':
      return `The message is too long (${e.code_points ?? '?'} of at most ${e.max_code_points ?? MAX_MESSAGE_CODE_POINTS} characters).`;
    case 'empty_message':
      return 'The message is empty.';
    case 'muted':
      return e.until ? `You are muted until ${new Date(e.until).toLocaleTimeString()}.` : 'You are muted.';
    case 'banned':
      return 'You are banned from this chat.';
    case 'not_eligible':
    case 'insufficient_credits':
      return 'Chatting needs credits in your wallet.';
    case 'unavailable':
      return 'The chat is unavailable right now; try again shortly.';
    default:
      return e.detail || `Chat error (${e.code}).`;
  }
}
