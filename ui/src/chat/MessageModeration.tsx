import { useState } from 'react';
import type { ChatModerationRequest, ChatModerationResult } from '../api/creditcast';
import { describeError } from '../api/problem';
import { useServices } from '../app/context';
import { MAX_CHAT_REASON_CHARS } from '../admin/ModerationPage';
import { useAction } from '../admin/useAction';

/** What a moderator can do to one message from the chat panel; mutes last the given seconds. */
export const PANEL_ACTIONS = [
  { id: 'delete', label: 'Delete the message' },
  { id: 'mute-600', label: 'Mute the author for 10 min' },
  { id: 'mute-3600', label: 'Mute the author for 1 h' },
  { id: 'ban', label: 'Ban the author from this chat' },
] as const;

type PanelAction = (typeof PANEL_ACTIONS)[number]['id'];

export function moderationRequest(
  action: PanelAction,
  message: { id: number; user_id: string },
  reason: string,
): ChatModerationRequest {
  switch (action) {
    case 'delete':
      return { action: 'deletions', message_id: message.id, reason };
    case 'mute-600':
      return { action: 'mutes', user_id: message.user_id, duration_s: 600, reason };
    case 'mute-3600':
      return { action: 'mutes', user_id: message.user_id, duration_s: 3600, reason };
    case 'ban':
      return { action: 'bans', user_id: message.user_id, reason };
  }
}

/**
 * Moderation of one chat message from the panel (the stream's creator, moderators, admins): delete it,
 * mute or ban its author, with a reason for the audit trail. The effect reaches every client through
 * the room (a deleted message disappears everywhere).
 */
export function MessageModeration({
  streamId,
  message,
}: {
  streamId: string;
  message: { id: number; user_id: string };
}) {
  const { api } = useServices();
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<PanelAction>('delete');
  const [reason, setReason] = useState('');
  const result = useAction<ChatModerationResult>();
  if (!open) {
    return (
      <button
        type="button"
        className="link-button"
        aria-label={`Moderate message ${message.id} by ${message.user_id}`}
        onClick={() => setOpen(true)}
      >
        Moderate
      </button>
    );
  }
  return (
    <form
      className="chat-moderation"
      aria-label={`Moderate message ${message.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        const req = moderationRequest(action, message, reason.trim());
        result.run((signal) => api.moderateChat(streamId, req, { signal }));
      }}
    >
      <label>
        Action
        <select value={action} onChange={(e) => setAction(e.target.value as PanelAction)}>
          {PANEL_ACTIONS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason
        <input value={reason} required maxLength={MAX_CHAT_REASON_CHARS} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={result.state.status === 'loading'}>
        Apply
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Close
      </button>
      {result.state.status === 'error' ? (
        <span className="field-error" role="alert">
          {describeError(result.state.error)}
        </span>
      ) : null}
      {result.state.status === 'ready' ? (
        <span role="status">{result.state.value.changed ? 'Done.' : 'Already in effect.'}</span>
      ) : null}
    </form>
  );
}
