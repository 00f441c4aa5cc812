import { Link, useParams } from 'react-router-dom';
import type { CreatorStream } from '../api/creditcast';
import { useServices } from '../app/context';
import { ErrorBox, Loading, useAsync } from '../components/async';
import { formatInstant } from '../admin/time';
import { FollowButton } from './FollowButton';

/** `1 h 05 min`, `12 min`, `40 s` from milliseconds. */
export function formatDurationMs(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

function sessionLength(s: CreatorStream): string {
  if (!s.went_live_at) return 'never went live';
  const end = s.ended_at ?? (s.status === 'live' ? new Date().toISOString() : null);
  if (!end) return '';
  return formatDurationMs(Date.parse(end) - Date.parse(s.went_live_at));
}

/** A creator's public page: live now (with a link to watch), follow, and their recent streams. */
export function CreatorPage() {
  const { creatorId = '' } = useParams();
  const { api } = useServices();
  const profile = useAsync((signal) => api.creatorStreams(creatorId, { signal }), [api, creatorId]);
  const live = profile.state.status === 'ready' ? profile.state.value.streams.filter((s) => s.status === 'live') : [];
  return (
    <div className="console">
      <h1>
        {creatorId}{' '}
        {profile.state.status === 'ready' && profile.state.value.live ? <span className="badge live">live</span> : null}
      </h1>
      <FollowButton creatorId={creatorId} />
      {profile.state.status === 'loading' ? <Loading label="Loading the creator's streams…" /> : null}
      {profile.state.status === 'error' ? <ErrorBox error={profile.state.error} onRetry={profile.reload} /> : null}
      {profile.state.status === 'ready' ? (
        <>
          <section className="card" aria-labelledby="live-now-heading">
            <h2 id="live-now-heading">Live now</h2>
            {live.length === 0 ? (
              <p>Not live right now. Follow to be told when {creatorId} goes live.</p>
            ) : (
              <ul>
                {live.map((s) => (
                  <li key={s.stream_id}>
                    <Link to={`/streams/${encodeURIComponent(s.stream_id)}`}>
                      <strong>{s.title}</strong>
                    </Link>{' '}
                    <span className="muted">
                      · {s.category} · {s.viewer_count} watching · live for {sessionLength(s)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="past-heading">
            <h2 id="past-heading">Streams</h2>
            {profile.state.value.streams.length === 0 ? (
              <p>No streams yet.</p>
            ) : (
              <div className="table-scroll">
                <table className="ledger" data-testid="creator-streams">
                  <caption className="visually-hidden">
                    The creator's most recent streams, {profile.state.value.streams.length} of{' '}
                    {profile.state.value.total_streams}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Stream</th>
                      <th scope="col">Category</th>
                      <th scope="col">Status</th>
                      <th scope="col">Went live</th>
                      <th scope="col">Length</th>
                      <th scope="col" className="num">
                        Viewing sessions
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {profile.state.value.streams.map((s) => (
                      <tr key={s.stream_id}>
                        <td>
                          <Link to={`/streams/${encodeURIComponent(s.stream_id)}`}>{s.title}</Link>
                        </td>
                        <td>{s.category}</td>
                        <td>{s.status}</td>
                        <td>{s.went_live_at ? formatInstant(s.went_live_at) : '—'}</td>
                        <td>{sessionLength(s)}</td>
                        <td className="num">{s.viewing_sessions}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {profile.state.value.total_streams > profile.state.value.streams.length ? (
              <p className="muted">
                The {profile.state.value.streams.length} most recent of {profile.state.value.total_streams} streams.
              </p>
            ) : null}
          </section>
        </>
      ) : null}
    </div>
  );
}
