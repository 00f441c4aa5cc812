import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ApiProblem } from '../api/problem';
import { useServices } from '../app/context';
import {
  CLOSE_BANNED,
  CLOSE_PROTOCOL_ABUSE,
  MAX_MESSAGE_CODE_POINTS,
  chatSocketUrl,
  parseServerFrame,
  type ChatMessageBody,
  type ErrorFrame,
  type ServerFrame,
  type TipFrame,
} from './protocol';

/** The chat list keeps the newest entries only (messages, tips and notices together). */
export const MAX_CHAT_ENTRIES = 200;
/** Reconnect backoff: 1 s doubling up to 30 s, at most 10 attempts in a row, then the user retries. */
export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;
export const MAX_RECONNECT_ATTEMPTS = 10;
/** After this many WebSocket attempts in a row that never got a `welcome`, read the room over SSE (read-only). */
export const WS_FAILURES_BEFORE_FALLBACK = 3;
/** A `ping` keeps idle connections (and proxies in between) open. */
export const PING_INTERVAL_MS = 25_000;

/** The part of a WebSocket the hook uses; tests pass a fake. */
export interface ChatSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
}
export type ChatSocketFactory = (url: string) => ChatSocket;
export const browserSocket: ChatSocketFactory = (url) => new WebSocket(url);

export type ChatConnectionState =
  | 'connecting'
  | 'open'
  | 'reconnecting'
  /** the token was refused for lack of credits (402 chat-top-up-required) */
  | 'top-up-required'
  | 'banned'
  /** not retried automatically (unknown stream, protocol abuse, too many failed attempts) */
  | 'unavailable';

export type ChatEntry =
  | { kind: 'message'; key: string; message: ChatMessageBody }
  | { kind: 'tip'; key: string; tip: TipFrame }
  | { kind: 'notice'; key: string; text: string };

export interface ChatState {
  connection: ChatConnectionState;
  /** Reading over the SSE fallback: no sending. */
  readOnly: boolean;
  userId: string | null;
  entries: ChatEntry[];
  /** The server's eligibility (credits); muting and bans are separate. */
  canSend: boolean;
  ineligibleReason: string | null;
  /** Epoch ms until which this user is muted. */
  mutedUntil: number | null;
  slowModeS: number;
  maxCodePoints: number;
  viewers: number | null;
  streamStatus: string | null;
  lowBalanceMinor: number | null;
  /** The last `error` frame (cleared by the next send). */
  error: ErrorFrame | null;
  lastAckClientId: string | null;
  /** Why the chat is unavailable (token request failure). */
  failure: unknown;
  reconnectInMs: number | null;
}

export const initialChatState: ChatState = {
  connection: 'connecting',
  readOnly: false,
  userId: null,
  entries: [],
  canSend: false,
  ineligibleReason: null,
  mutedUntil: null,
  slowModeS: 0,
  maxCodePoints: MAX_MESSAGE_CODE_POINTS,
  viewers: null,
  streamStatus: null,
  lowBalanceMinor: null,
  error: null,
  lastAckClientId: null,
  failure: null,
  reconnectInMs: null,
};

type Action =
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'connecting' }
  | { type: 'reconnecting'; inMs: number }
  | { type: 'top-up-required'; reason: string }
  | { type: 'banned' }
  | { type: 'unavailable'; failure: unknown }
  | { type: 'read-only' }
  | { type: 'sent' }
  | { type: 'mute-ended' };

function bounded(entries: ChatEntry[]): ChatEntry[] {
  return entries.length > MAX_CHAT_ENTRIES ? entries.slice(entries.length - MAX_CHAT_ENTRIES) : entries;
}

let noticeSeq = 0;
function notice(text: string): ChatEntry {
  noticeSeq += 1;
  return { kind: 'notice', key: `n${noticeSeq}`, text };
}

function messageEntry(m: ChatMessageBody): ChatEntry {
  return { kind: 'message', key: `m${m.id}`, message: m };
}

function applyFrame(s: ChatState, f: ServerFrame): ChatState {
  switch (f.type) {
    case 'welcome':
      return {
        ...s,
        connection: 'open',
        userId: f.user_id,
        canSend: f.can_send && !s.readOnly,
        ineligibleReason: f.can_send ? null : s.ineligibleReason,
        slowModeS: f.slow_mode_s,
        maxCodePoints: f.max_message_code_points || MAX_MESSAGE_CODE_POINTS,
        failure: null,
        reconnectInMs: null,
      };
    case 'history':
      // a (re)join shows the room as it is now: messages deleted while away are gone
      return { ...s, entries: bounded(f.messages.map(messageEntry)) };
    case 'message':
      if (s.entries.some((e) => e.kind === 'message' && e.message.id === f.id)) return s;
      return { ...s, entries: bounded([...s.entries, messageEntry(f)]) };
    case 'message_deleted':
      return { ...s, entries: s.entries.filter((e) => !(e.kind === 'message' && e.message.id === f.id)) };
    case 'tip':
      if (s.entries.some((e) => e.kind === 'tip' && e.tip.tip_id === f.tip_id)) return s;
      return { ...s, entries: bounded([...s.entries, { kind: 'tip', key: `t${f.tip_id}`, tip: f }]) };
    case 'user_muted':
      if (f.user_id === s.userId) return { ...s, mutedUntil: Date.parse(f.until) };
      return { ...s, entries: bounded([...s.entries, notice(`${f.user_id} was muted.`)]) };
    case 'user_banned':
      if (f.user_id === s.userId) return { ...s, connection: 'banned' };
      return { ...s, entries: bounded([...s.entries, notice(`${f.user_id} was banned.`)]) };
    case 'slow_mode':
      return { ...s, slowModeS: f.interval_s };
    case 'viewers':
      return { ...s, viewers: f.count };
    case 'stream_status':
      return { ...s, streamStatus: f.status };
    case 'low_balance':
      return { ...s, lowBalanceMinor: f.balance_minor };
    case 'eligibility':
      return {
        ...s,
        canSend: f.can_send && !s.readOnly,
        ineligibleReason: f.can_send ? null : (f.reason ?? 'balance_zero'),
        lowBalanceMinor: f.can_send ? s.lowBalanceMinor : null,
        error: f.can_send && s.error?.code === 'not_eligible' ? null : s.error,
      };
    case 'ack':
      return { ...s, lastAckClientId: f.client_msg_id, error: null };
    case 'pong':
      return s;
    case 'error':
      switch (f.code) {
        case 'not_eligible':
        case 'insufficient_credits':
          return { ...s, error: f, canSend: false, ineligibleReason: f.reason ?? 'balance_zero' };
        case 'muted':
          return { ...s, error: f, mutedUntil: f.until ? Date.parse(f.until) : s.mutedUntil };
        case 'banned':
          return { ...s, error: f, connection: 'banned' };
        default:
          return { ...s, error: f };
      }
  }
}

function reducer(s: ChatState, a: Action): ChatState {
  switch (a.type) {
    case 'frame':
      return applyFrame(s, a.frame);
    case 'connecting':
      return { ...s, connection: s.connection === 'reconnecting' ? 'reconnecting' : 'connecting' };
    case 'reconnecting':
      return { ...s, connection: 'reconnecting', reconnectInMs: a.inMs };
    case 'top-up-required':
      return { ...s, connection: 'top-up-required', canSend: false, ineligibleReason: a.reason };
    case 'banned':
      return { ...s, connection: 'banned', canSend: false };
    case 'unavailable':
      return { ...s, connection: 'unavailable', failure: a.failure };
    case 'read-only':
      return { ...s, readOnly: true, canSend: false };
    case 'sent':
      return { ...s, error: null };
    case 'mute-ended':
      return { ...s, mutedUntil: null, error: s.error?.code === 'muted' ? null : s.error };
  }
}

export function reconnectDelayMs(attempt: number): number {
  return Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt);
}

function isTransient(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { transient?: unknown }).transient === true;
}

function clientMsgId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export interface UseChat {
  state: ChatState;
  /** Sends a message; returns its `client_msg_id`, or null when there is no open connection. */
  send(text: string): string | null;
  /** Reconnects now (after a failure, a ban lifted elsewhere, or a top-up). */
  retry(): void;
}

/**
 * One chat room: token → WebSocket → frames. Reconnects with backoff after an unexpected close
 * (a new token each time, since tokens expire); does not retry a refused token (no credits, banned,
 * unknown stream) until `retry()` or `refreshKey` changes.
 */
export function useChat(streamId: string, socketFactory: ChatSocketFactory, refreshKey = 0): UseChat {
  const { api, config } = useServices();
  const [state, dispatch] = useReducer(reducer, initialChatState);
  const socketRef = useRef<ChatSocket | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stopped = false;
    let socket: ChatSocket | null = null;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let pingTimer: ReturnType<typeof setInterval> | undefined;
    let attempt = 0;
    let wsFailures = 0;
    let readOnly = false;
    const controller = new AbortController();

    const scheduleReconnect = (failure: unknown) => {
      if (attempt >= MAX_RECONNECT_ATTEMPTS) {
        dispatch({ type: 'unavailable', failure });
        return;
      }
      const delay = reconnectDelayMs(attempt);
      attempt += 1;
      dispatch({ type: 'reconnecting', inMs: delay });
      reconnectTimer = setTimeout(() => void connect(), delay);
    };

    const connect = async () => {
      dispatch({ type: 'connecting' });
      let wsPath: string;
      let eventsPath: string;
      try {
        ({ ws_path: wsPath, events_path: eventsPath } = await api.chatToken(streamId, { signal: controller.signal }));
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiProblem && e.is('chat-top-up-required')) {
          const reason = e.extensions['reason'];
          dispatch({ type: 'top-up-required', reason: typeof reason === 'string' ? reason : 'balance_zero' });
        } else if (e instanceof ApiProblem && e.is('chat-banned')) {
          dispatch({ type: 'banned' });
        } else if (isTransient(e)) {
          scheduleReconnect(e);
        } else {
          dispatch({ type: 'unavailable', failure: e });
        }
        return;
      }
      if (stopped) return;
      if (!readOnly) {
        try {
          openSocket(wsPath);
          return;
        } catch {
          readOnly = true; // no WebSocket in this browser (or the URL was refused)
        }
      }
      await readEvents(eventsPath);
    };

    /** The SSE fallback: same frames, no sending; reconnects like the socket when the stream ends. */
    const readEvents = async (eventsPath: string) => {
      dispatch({ type: 'read-only' });
      let terminal = false;
      let failure: unknown = new Error('the chat event stream ended');
      try {
        await api.chatEvents(
          eventsPath,
          (json) => {
            if (stopped) return;
            const frame = parseServerFrame(json);
            if (!frame) return;
            if (frame.type === 'welcome') attempt = 0;
            if (frame.type === 'error' && frame.code === 'banned') terminal = true;
            dispatch({ type: 'frame', frame });
          },
          controller.signal,
        );
      } catch (e) {
        failure = e;
      }
      if (stopped || terminal) return;
      scheduleReconnect(failure);
    };

    const openSocket = (wsPath: string) => {
      const ws = socketFactory(chatSocketUrl(config.apiBaseUrl, wsPath, window.location.href));
      let welcomed = false;
      socket = ws;
      socketRef.current = ws;
      ws.onopen = () => {
        pingTimer = setInterval(() => ws.send(JSON.stringify({ type: 'ping' })), PING_INTERVAL_MS);
      };
      ws.onmessage = (ev) => {
        if (stopped || socket !== ws) return;
        const frame = parseServerFrame(ev.data);
        if (!frame) return;
        if (frame.type === 'welcome') {
          attempt = 0;
          wsFailures = 0;
          welcomed = true;
        }
        dispatch({ type: 'frame', frame });
      };
      ws.onerror = () => undefined; // a close event follows
      ws.onclose = (ev) => {
        if (stopped || socket !== ws) return;
        clearInterval(pingTimer);
        socket = null;
        socketRef.current = null;
        if (!welcomed) {
          wsFailures += 1;
          if (wsFailures >= WS_FAILURES_BEFORE_FALLBACK) readOnly = true;
        }
        if (ev.code === CLOSE_BANNED) dispatch({ type: 'banned' });
        else if (ev.code === CLOSE_PROTOCOL_ABUSE)
          dispatch({ type: 'unavailable', failure: new Error(`closed by the server (${ev.code})`) });
        else scheduleReconnect(new Error(`connection closed (${ev.code})`));
      };
    };

    void connect();
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(reconnectTimer);
      clearInterval(pingTimer);
      socketRef.current = null;
      socket?.close(1000, 'leaving');
    };
  }, [api, config.apiBaseUrl, streamId, socketFactory, refreshKey, generation]);

  // a mute ends by itself: re-enable sending at its end
  useEffect(() => {
    if (state.mutedUntil === null) return;
    const t = setTimeout(() => dispatch({ type: 'mute-ended' }), Math.max(0, state.mutedUntil - Date.now()));
    return () => clearTimeout(t);
  }, [state.mutedUntil]);

  const send = useCallback((text: string) => {
    const ws = socketRef.current;
    if (!ws) return null;
    const id = clientMsgId();
    ws.send(JSON.stringify({ type: 'message', text, client_msg_id: id }));
    dispatch({ type: 'sent' });
    return id;
  }, []);
  const retry = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, send, retry };
}
