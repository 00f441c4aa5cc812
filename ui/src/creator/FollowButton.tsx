import { useState } from 'react';
import { describeError } from '../api/problem';
import { useServices, useUser } from '../app/context';
import { useAsync } from '../components/async';

/**
 * Follow / unfollow a creator (the command service's follows). Followers get an in-app notification
 * when the creator goes live. Signed-out visitors and the creator themself see no button.
 */
export function FollowButton({ creatorId }: { creatorId: string }) {
  const { api } = useServices();
  const user = useUser();
  const canFollow = user !== null && user.id !== creatorId;
  const state = useAsync(
    (signal) =>
      canFollow
        ? api.following(creatorId, { signal })
        : Promise.resolve({ creator_id: creatorId, following: false, changed: false }),
    [api, creatorId, canFollow],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!canFollow) return null;
  if (state.state.status !== 'ready') {
    return (
      <button type="button" disabled aria-busy={state.state.status === 'loading'}>
        {state.state.status === 'loading' ? 'Follow…' : 'Follow (unavailable)'}
      </button>
    );
  }
  const following = state.state.value.following;
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = following ? await api.unfollow(creatorId) : await api.follow(creatorId);
      state.setState({ status: 'ready', value: next });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="follow">
      <button type="button" aria-pressed={following} disabled={busy} onClick={() => void toggle()}>
        {following ? 'Following' : 'Follow'}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {' '}
          {describeError(error)}
        </span>
      ) : null}
    </span>
  );
}
