import { useState } from 'react';
import type { Recording } from '../api/creditcast';
import { useServices } from '../app/context';
import { ErrorBox, Loading, useAsync } from '../components/async';

/** `1:02:03` / `2:03` from milliseconds (rounded down to whole seconds). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * The creator's recordings (query service, newest first, one page at a time with "Load more"). Links point at the
 * media worker's VOD playlist and MP4; streams that are not public need a playback token on them, as for live.
 */
export function RecordingsPanel() {
  const { api } = useServices();
  const first = useAsync((signal) => api.recordings(null, { signal }), [api]);
  const [more, setMore] = useState<Recording[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const firstPage = first.state.status === 'ready' ? first.state.value : null;
  const next = cursor === undefined ? (firstPage?.next_cursor ?? null) : cursor;
  const rows = firstPage ? [...firstPage.recordings, ...more] : [];

  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.recordings(next);
      setMore((m) => [...m, ...page.recordings]);
      setCursor(page.next_cursor);
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="card" aria-labelledby="recordings-heading" data-testid="recordings">
      <h2 id="recordings-heading">Recordings</h2>
      {first.state.status === 'loading' ? <Loading label="Loading recordings…" /> : null}
      {first.state.status === 'error' ? (
        <ErrorBox
          what="Recordings"
          error={first.state.error}
          onRetry={() => {
            setMore([]);
            setCursor(undefined);
            first.reload();
          }}
        />
      ) : null}
      {firstPage && rows.length === 0 ? (
        <p data-testid="recordings-empty">No recordings yet. A recorded stream is listed here once it has ended.</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="recordings">
          <caption className="visually-hidden">Your recordings, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Recorded</th>
              <th scope="col">Duration</th>
              <th scope="col">Watch</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.stream_id} data-testid="recording-row">
                <td>{r.stream_title}</td>
                <td>
                  <time dateTime={r.created_at}>{new Date(r.created_at).toLocaleString('en-US')}</time>
                </td>
                <td>{formatDuration(r.duration_ms)}</td>
                <td>
                  <a href={r.vod_playlist_url} aria-label={`HLS playlist of ${r.stream_title}`}>
                    HLS
                  </a>
                  {r.mp4_url ? (
                    <>
                      {' · '}
                      <a href={r.mp4_url} aria-label={`MP4 of ${r.stream_title}`}>
                        MP4
                      </a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {moreError ? <ErrorBox what="More recordings" error={moreError} onRetry={() => void loadMore()} /> : null}
      {next && !moreError ? (
        <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
