import { useEffect, useState } from 'react';
import type { ProjectionStatus } from '../api/creditcast';
import { describeError } from '../api/problem';
import { useServices } from '../app/context';
import { ErrorBox, Loading, useAsync } from '../components/async';
import { useAction } from './useAction';

/** How often the status is read while a replay runs, and otherwise. */
export const REPLAY_POLL_MS = 2_000;
export const IDLE_POLL_MS = 15_000;

/**
 * Read-model projections: how far each one is behind the event store, and a rebuild by replay with its
 * progress (polled every {@link REPLAY_POLL_MS} while one runs). A replay empties the projection's tables
 * and reads every event again; balances and history show partial data until it is done.
 */
export function ProjectionsSection() {
  const { api } = useServices();
  const status = useAsync((signal) => api.projections({ signal }), [api]);
  const { reload } = status;
  const replaying = status.state.status === 'ready' && status.state.value.some((p) => p.replaying);
  const [confirming, setConfirming] = useState<string | null>(null);
  const replay = useAction<ProjectionStatus>();
  useEffect(() => {
    const t = window.setInterval(reload, replaying ? REPLAY_POLL_MS : IDLE_POLL_MS);
    return () => window.clearInterval(t);
  }, [reload, replaying]);
  useEffect(() => {
    if (replay.state.status === 'ready') reload();
  }, [replay.state, reload]);
  return (
    <section className="card" aria-labelledby="projections-heading">
      <h2 id="projections-heading">Read models</h2>
      <p className="muted">
        Refreshed every {Math.round((replaying ? REPLAY_POLL_MS : IDLE_POLL_MS) / 1000)} s. A replay rebuilds a
        projection from the event store; its pages show partial data until it reaches 100 %.
      </p>
      {status.state.status === 'loading' ? <Loading label="Loading projections…" /> : null}
      {status.state.status === 'error' ? <ErrorBox error={status.state.error} onRetry={reload} /> : null}
      {status.state.status === 'ready' ? (
        <div className="table-scroll">
          <table className="ledger" data-testid="projections">
            <caption className="visually-hidden">Projections and their progress</caption>
            <thead>
              <tr>
                <th scope="col">Projection</th>
                <th scope="col">State</th>
                <th scope="col">Progress</th>
                <th scope="col" className="num">
                  Behind (events)
                </th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {status.state.value.map((p) => (
                <tr key={p.name}>
                  <th scope="row">{p.name}</th>
                  <td>
                    {p.error ? (
                      <span className="notice error">failing: {p.error}</span>
                    ) : p.replaying ? (
                      'replaying'
                    ) : p.running ? (
                      'running'
                    ) : (
                      'stopped'
                    )}
                  </td>
                  <td>
                    <progress
                      max={100}
                      value={p.progress_percent}
                      aria-label={`${p.name} progress`}
                      aria-valuetext={`${p.progress_percent.toFixed(1)} %`}
                    />{' '}
                    {p.progress_percent.toFixed(1)} %
                    <span className="muted">
                      {' '}
                      ({p.position_global_index.toLocaleString()} of {p.head_global_index.toLocaleString()})
                    </span>
                  </td>
                  <td className="num">{p.behind_events.toLocaleString()}</td>
                  <td>
                    {confirming === p.name ? (
                      <span role="group" aria-label={`Confirm the replay of ${p.name}`}>
                        <button
                          type="button"
                          className="danger"
                          onClick={() => {
                            setConfirming(null);
                            replay.run((signal) => api.replayProjection(p.name, { signal }));
                          }}
                        >
                          Rebuild {p.name} now
                        </button>{' '}
                        <button type="button" onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" disabled={p.replaying} onClick={() => setConfirming(p.name)}>
                        Replay…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {replay.state.status === 'loading' ? <Loading label="Starting the replay…" /> : null}
      {replay.state.status === 'error' ? (
        <p className="notice error" role="alert">
          {describeError(replay.state.error)}
        </p>
      ) : null}
      {replay.state.status === 'ready' ? (
        <p role="status">The replay of {replay.state.value.name} has started.</p>
      ) : null}
    </section>
  );
}
