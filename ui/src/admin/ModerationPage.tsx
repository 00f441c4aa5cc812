import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { ChatModerationRequest, ModerationActionPage, TakedownResult } from '../api/creditcast';
import { ApiProblem, describeError } from '../api/problem';
import { hasAnyRole } from '../app/navigation';
import { useServices, useUser } from '../app/context';
import { ErrorBox, Loading, useAsync } from '../components/async';
import { formatInstant } from './time';
import { useAction } from './useAction';
import { keepOpen } from '../components/reconnecting';

/** How often the live list is reloaded anyway (viewer counts are not pushed; a dropped push channel). */
export const LIVE_REFRESH_MS = 10_000;
/** A pushed status change reloads the list after this delay (the search index refreshes about every 1 s). */
export const LIVE_PUSH_RELOAD_DELAY_MS = 1_500;
/** The command service's limit on a takedown reason (StreamCommands.MAX_TAKEDOWN_REASON_CHARS). */
export const MAX_TAKEDOWN_REASON_CHARS = 500;
/** The chat's limit on a moderation reason. */
export const MAX_CHAT_REASON_CHARS = 200;
/** Longest mute the chat accepts is enforced by the server; the form offers up to one day. */
export const MAX_MUTE_S = 86_400;

/** The console's actions on a user (deleting a message is done from the chat panel). */
type UserModeration = 'bans' | 'unbans' | 'mutes';

/** Moderator console: live streams (refreshed), takedown with reason, chat moderation, its audit list. */
export function ModerationPage() {
  const user = useUser();
  return (
    <div className="console">
      <h1>Moderation</h1>
      <LiveStreams />
      <ChatModeration />
      {hasAnyRole(user?.roles, ['admin', 'auditor']) ? (
        <ModerationActions />
      ) : (
        <p className="muted">The chat moderation audit trail is readable by admins and auditors only.</p>
      )}
    </div>
  );
}

export function LiveStreams({ refreshMs = LIVE_REFRESH_MS }: { refreshMs?: number }) {
  const { api } = useServices();
  const live = useAsync((signal) => api.streams({ status: 'live', size: 50 }, { signal }), [api]);
  const { reload } = live;
  const [target, setTarget] = useState('');
  const [pushed, setPushed] = useState(false);
  const [lastChange, setLastChange] = useState<string | null>(null);
  useEffect(() => {
    const t = window.setInterval(reload, refreshMs);
    return () => window.clearInterval(t);
  }, [reload, refreshMs]);
  // status changes are pushed as they are committed: the list follows within ~2 s, not at the next poll
  useEffect(() => {
    const controller = new AbortController();
    let pending: number | undefined;
    const stream = keepOpen(
      (signal) =>
        api.streamStatusEvents((e) => {
          stream.received();
          setPushed(true);
          if (e.kind === 'status') setLastChange(`${e.stream_id} is ${e.status.replace('_', ' ')}`);
          window.clearTimeout(pending);
          pending = window.setTimeout(reload, e.kind === 'ready' ? 0 : LIVE_PUSH_RELOAD_DELAY_MS);
        }, signal),
      controller.signal,
      () => setPushed(false),
    );
    return () => {
      controller.abort();
      window.clearTimeout(pending);
    };
  }, [api, reload]);
  return (
    <section className="card" aria-labelledby="live-heading">
      <h2 id="live-heading">Live now</h2>
      <p className="muted" data-testid="live-refresh">
        {pushed ? 'Live: status changes arrive as they happen; ' : 'Status push unavailable; '}
        refreshed every {Math.round(refreshMs / 1000)} s.
      </p>
      {lastChange ? (
        <p className="muted" role="status">
          Last change: {lastChange}
        </p>
      ) : null}
      {live.state.status === 'loading' ? <Loading label="Loading live streams…" /> : null}
      {live.state.status === 'error' ? <ErrorBox error={live.state.error} onRetry={reload} /> : null}
      {live.state.status === 'ready' ? (
        live.state.value.items.length === 0 ? (
          <p>No stream is live.</p>
        ) : (
          <div className="table-scroll">
            <table className="ledger" data-testid="live-streams">
              <caption className="visually-hidden">Live streams by viewers</caption>
              <thead>
                <tr>
                  <th scope="col">Stream</th>
                  <th scope="col">Creator</th>
                  <th scope="col">Category</th>
                  <th scope="col" className="num">
                    Viewers
                  </th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {live.state.value.items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/streams/${encodeURIComponent(s.id)}`}>{s.title}</Link>
                    </td>
                    <td>{s.creator_id}</td>
                    <td>{s.category ?? ''}</td>
                    <td className="num">{s.viewer_count}</td>
                    <td>
                      <button type="button" onClick={() => setTarget(s.id)}>
                        Take down…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <Takedown streamId={target} onStreamId={setTarget} onDone={reload} />
    </section>
  );
}

function Takedown({
  streamId,
  onStreamId,
  onDone,
}: {
  streamId: string;
  onStreamId: (id: string) => void;
  onDone: () => void;
}) {
  const { api } = useServices();
  const [reason, setReason] = useState('');
  const result = useAction<TakedownResult>();
  const reasonError = result.state.status === 'error' ? fieldError(result.state.error, 'reason') : undefined;
  useEffect(() => {
    if (result.state.status === 'ready') onDone();
  }, [result.state, onDone]);
  return (
    <form
      className="filters"
      aria-label="Take a stream down"
      onSubmit={(e) => {
        e.preventDefault();
        result.run((signal) => api.takedown(streamId.trim(), reason.trim(), { signal }));
      }}
    >
      <label>
        Stream id
        <input value={streamId} required maxLength={64} onChange={(e) => onStreamId(e.target.value)} />
      </label>
      <label>
        Reason
        <input
          value={reason}
          required
          maxLength={MAX_TAKEDOWN_REASON_CHARS}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={reasonError ? true : undefined}
        />
      </label>
      <button type="submit" className="danger" disabled={result.state.status === 'loading'}>
        Take down
      </button>
      {reasonError ? <p className="field-error">{reasonError}</p> : null}
      {result.state.status === 'error' && !reasonError ? (
        <p className="notice error" role="alert">
          {describeError(result.state.error)}
        </p>
      ) : null}
      {result.state.status === 'ready' ? (
        <p role="status">
          Stream {result.state.value.stream_id} is {result.state.value.status.toLowerCase()} (by{' '}
          {result.state.value.actor_id} as {result.state.value.actor_role}).
        </p>
      ) : null}
    </form>
  );
}

function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiProblem ? error.messageFor(field) : undefined;
}

export function ChatModeration() {
  const { api } = useServices();
  const [streamId, setStreamId] = useState('');
  const [action, setAction] = useState<UserModeration>('bans');
  const [userId, setUserId] = useState('');
  const [minutes, setMinutes] = useState(10);
  const [reason, setReason] = useState('');
  const result = useAction<{ action: string; target: string; changed: boolean }>();
  return (
    <section className="card" aria-labelledby="chat-mod-heading">
      <h2 id="chat-mod-heading">Chat moderation</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const request: ChatModerationRequest =
            action === 'mutes'
              ? { action, user_id: userId.trim(), duration_s: minutes * 60, reason: reason.trim() }
              : { action, user_id: userId.trim(), reason: reason.trim() };
          result.run((signal) => api.moderateChat(streamId.trim(), request, { signal }));
        }}
      >
        <label>
          Stream id
          <input value={streamId} required maxLength={64} onChange={(e) => setStreamId(e.target.value)} />
        </label>
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value as UserModeration)}>
            <option value="bans">Ban</option>
            <option value="unbans">Lift ban</option>
            <option value="mutes">Mute</option>
          </select>
        </label>
        <label>
          User id
          <input value={userId} required maxLength={128} onChange={(e) => setUserId(e.target.value)} />
        </label>
        {action === 'mutes' ? (
          <label>
            Minutes
            <input
              type="number"
              min={1}
              max={MAX_MUTE_S / 60}
              required
              value={minutes}
              onChange={(e) => setMinutes(e.target.valueAsNumber)}
            />
          </label>
        ) : null}
        <label>
          Reason
          <input
            value={reason}
            required
            maxLength={MAX_CHAT_REASON_CHARS}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <button type="submit" disabled={result.state.status === 'loading'}>
          Apply
        </button>
      </form>
      {result.state.status === 'error' ? <ErrorBox error={result.state.error} /> : null}
      {result.state.status === 'ready' ? (
        <p role="status">
          {result.state.value.action} {result.state.value.target}:{' '}
          {result.state.value.changed ? 'done' : 'nothing changed (already so)'}.
        </p>
      ) : null}
    </section>
  );
}

/** Chat moderation audit trail (admins, auditors), newest first, paged by `before_id`. */
export function ModerationActions() {
  const { api } = useServices();
  const [draft, setDraft] = useState('');
  const [streamId, setStreamId] = useState<string | null>(null);
  const [pages, setPages] = useState<ModerationActionPage[]>([]);
  const [beforeId, setBeforeId] = useState<number | null>(null);
  const page = useAsync((signal) => api.moderationActions(streamId, beforeId, { signal }), [api, streamId, beforeId]);
  useEffect(() => {
    if (page.state.status === 'ready') {
      const value = page.state.value;
      setPages((prev) => (prev.includes(value) ? prev : [...prev, value]));
    }
  }, [page.state]);
  const items = pages.flatMap((p) => p.items);
  const last = pages.at(-1);
  return (
    <section className="card" aria-labelledby="mod-audit-heading">
      <h2 id="mod-audit-heading">Chat moderation audit trail</h2>
      <form
        className="filters"
        role="search"
        aria-label="Moderation audit filter"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([]);
          setBeforeId(null);
          setStreamId(draft.trim() || null);
        }}
      >
        <label>
          Stream id
          <input value={draft} maxLength={64} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <div className="table-scroll">
        <table className="ledger">
          <caption className="visually-hidden">Chat moderation actions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Stream</th>
              <th scope="col">Action</th>
              <th scope="col">By</th>
              <th scope="col">Target</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>{formatInstant(a.occurred_at)}</td>
                <td>
                  <code>{a.stream_id}</code>
                </td>
                <td>{a.action}</td>
                <td>{a.actor_id}</td>
                <td>{a.target ?? ''}</td>
                <td>{a.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.state.status === 'loading' ? <Loading /> : null}
      {page.state.status === 'error' ? <ErrorBox error={page.state.error} onRetry={page.reload} /> : null}
      {page.state.status === 'ready' && items.length === 0 ? <p>No moderation actions.</p> : null}
      {page.state.status === 'ready' && last?.next_before_id != null ? (
        <button type="button" onClick={() => setBeforeId(last.next_before_id)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
