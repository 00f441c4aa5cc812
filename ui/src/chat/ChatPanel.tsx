import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorBox, formatCredits } from '../components/async';
import { MessageModeration } from './MessageModeration';
import { codePointLength, describeChatError } from './protocol';
import { browserSocket, useChat, type ChatEntry, type ChatSocketFactory } from './useChat';

export interface ChatPanelProps {
  streamId: string;
  /** Opens the top-up dialog (the chat needs credits). */
  onTopUp: () => void;
  /** Changed by the page after a top-up: the panel asks for a new token. */
  refreshKey?: number;
  onViewers?: (count: number) => void;
  onStreamStatus?: (status: string) => void;
  socketFactory?: ChatSocketFactory;
  /** The viewer may moderate this room (its creator, a moderator, an admin): messages get a Moderate action. */
  moderator?: boolean;
}

function Entry({ entry, streamId, moderator }: { entry: ChatEntry; streamId: string; moderator: boolean }) {
  // every text below is a React text node: `<script>` in a message stays text
  switch (entry.kind) {
    case 'message': {
      const m = entry.message;
      return (
        <li className={m.highlighted ? 'chat-message highlighted' : 'chat-message'} data-message-id={m.id}>
          <span className="chat-user">{m.user_id}</span>{' '}
          {m.paid_minor > 0 ? <span className="chat-paid">({formatCredits(m.paid_minor)}) </span> : null}
          <span className="chat-text">{m.text}</span>
          {moderator ? (
            <>
              {' '}
              <MessageModeration streamId={streamId} message={m} />
            </>
          ) : null}
        </li>
      );
    }
    case 'tip': {
      const t = entry.tip;
      return (
        <li className={`chat-tip highlighted tip-${t.animation}`} data-testid="chat-tip">
          <span className="chat-user">{t.user_id}</span> tipped <strong>{formatCredits(t.amount_minor)}</strong>
          {t.message ? <span className="chat-text">: {t.message}</span> : null}
        </li>
      );
    }
    case 'notice':
      return <li className="chat-notice muted">{entry.text}</li>;
  }
}

/**
 * The stream's chat room (docs/chat.md): history and live messages in a polite live log, a send box
 * with the server's code-point limit, typed error frames inline, and a top-up prompt when the wallet
 * has no credits (the chat is credit-gated).
 */
export function ChatPanel({
  streamId,
  onTopUp,
  refreshKey = 0,
  onViewers,
  onStreamStatus,
  socketFactory = browserSocket,
  moderator = false,
}: ChatPanelProps) {
  const { state, send, retry } = useChat(streamId, socketFactory, refreshKey);
  const [draft, setDraft] = useState('');
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const logRef = useRef<HTMLDivElement>(null);
  const ids = useId();
  const inputId = `${ids}-input`;
  const counterId = `${ids}-counter`;
  const errorId = `${ids}-error`;

  useEffect(() => {
    if (state.viewers !== null) onViewers?.(state.viewers);
  }, [state.viewers, onViewers]);
  useEffect(() => {
    if (state.streamStatus !== null) onStreamStatus?.(state.streamStatus);
  }, [state.streamStatus, onStreamStatus]);

  // the sent text leaves the box once the server acknowledged it (an error frame keeps it for a retry)
  useEffect(() => {
    if (pendingId !== null && state.lastAckClientId === pendingId) {
      setDraft('');
      setPendingId(null);
    }
  }, [state.lastAckClientId, pendingId]);
  useEffect(() => {
    if (state.error) setPendingId(null);
  }, [state.error]);

  // keep the newest message in view
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [state.entries]);

  useEffect(() => {
    if (state.mutedUntil !== null) setNow(Date.now());
  }, [state.mutedUntil]);

  const length = codePointLength(draft);
  const tooLong = length > state.maxCodePoints;
  const muted = state.mutedUntil !== null && state.mutedUntil > now;
  const banned = state.connection === 'banned';
  const needsCredits = state.connection === 'top-up-required' || (!state.canSend && state.ineligibleReason !== null);
  const open = state.connection === 'open';
  const blocked = !open || !state.canSend || muted || banned;
  const canSubmit = !blocked && !tooLong && draft.trim() !== '' && pendingId === null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit) return;
    setPendingId(send(draft));
  };

  return (
    <section className="chat-panel" aria-labelledby={`${ids}-title`}>
      <div className="chat-head">
        <h2 id={`${ids}-title`}>Chat</h2>
        <span className="muted" data-testid="chat-connection">
          {connectionLabel(state.connection, state.reconnectInMs)}
          {state.readOnly && state.connection === 'open' ? ' (read-only: no WebSocket)' : ''}
        </span>
      </div>
      {state.slowModeS > 0 ? (
        <p className="muted" data-testid="chat-slow-mode">
          Slow mode: one message every {state.slowModeS} s.
        </p>
      ) : null}
      <div className="chat-log" role="log" aria-live="polite" aria-label="Chat messages" tabIndex={0} ref={logRef}>
        <ol>
          {state.entries.map((entry) => (
            <Entry key={entry.key} entry={entry} streamId={streamId} moderator={moderator} />
          ))}
        </ol>
      </div>
      {state.connection === 'unavailable' ? (
        <ErrorBox what="The chat is unavailable" error={state.failure} onRetry={retry} />
      ) : null}
      {banned ? (
        <p className="notice error" role="alert">
          You are banned from this chat.
        </p>
      ) : null}
      {needsCredits && !banned ? (
        <div className="notice pending" data-testid="chat-top-up">
          <p>
            {state.ineligibleReason === 'wallet_flagged'
              ? 'Your wallet is under review: you can read the chat but not write.'
              : state.connection === 'top-up-required'
                ? 'Chatting needs credits in your wallet.'
                : 'Chatting needs credits in your wallet. You can still read along.'}
          </p>
          {state.ineligibleReason !== 'wallet_flagged' ? (
            <button type="button" className="primary" onClick={onTopUp}>
              Top up to chat
            </button>
          ) : null}
        </div>
      ) : null}
      {state.lowBalanceMinor !== null && state.canSend ? (
        <p className="notice pending" role="status">
          Low balance: {formatCredits(state.lowBalanceMinor)} left.{' '}
          <button type="button" className="link" onClick={onTopUp}>
            Top up
          </button>
        </p>
      ) : null}
      {muted && state.mutedUntil !== null ? (
        <p className="notice pending" role="status">
          You are muted until {new Date(state.mutedUntil).toLocaleTimeString()}.
        </p>
      ) : null}
      <form className="chat-send" onSubmit={submit}>
        <label htmlFor={inputId}>Chat message</label>
        <div className="chat-send-row">
          <input
            id={inputId}
            type="text"
            autoComplete="off"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            disabled={blocked}
            aria-invalid={tooLong}
            aria-describedby={state.error ? `${counterId} ${errorId}` : counterId}
          />
          <button type="submit" className="primary" disabled={!canSubmit}>
            Send
          </button>
        </div>
        <p id={counterId} className={tooLong ? 'chat-counter field-error' : 'chat-counter muted'}>
          {length}/{state.maxCodePoints}
          {tooLong ? ` — ${length - state.maxCodePoints} over the limit` : ''}
        </p>
      </form>
      {state.error ? (
        <p id={errorId} className="notice error" role="alert" data-testid="chat-error">
          {describeChatError(state.error)}
        </p>
      ) : null}
    </section>
  );
}

function connectionLabel(c: string, reconnectInMs: number | null): string {
  switch (c) {
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Connected';
    case 'reconnecting':
      return reconnectInMs !== null ? `Reconnecting in ${Math.ceil(reconnectInMs / 1000)} s…` : 'Reconnecting…';
    case 'top-up-required':
      return 'Credits needed';
    case 'banned':
      return 'Banned';
    default:
      return 'Unavailable';
  }
}
