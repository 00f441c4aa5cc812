import { useEffect, useState } from 'react';
import type { IngestHealth } from '../api/creditcast';
import { useServices } from '../app/context';
import { ErrorBox, Loading } from '../components/async';
import { formatDuration } from './RecordingsPanel';

/** How often the go-live status is asked for while the stream can still be live (the worker samples every 5 s). */
export const HEALTH_POLL_MS = 5_000;

const OVER: ReadonlySet<string> = new Set(['ENDED', 'TAKEN_DOWN']);

const STATUS_TEXT: Record<IngestHealth['status'], string> = {
  SCHEDULED: 'Not live yet: start streaming to the ingest URL',
  LIVE: '● Live',
  PAUSED: 'Paused: the encoder lost the connection (reconnect within the grace period)',
  ENDED: 'Ended',
  TAKEN_DOWN: 'Taken down by moderation',
};

function measured(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? 'not measured' : `${value.toLocaleString('en-US')} ${unit}`;
}

/**
 * Go-live status with ingest health of one stream, polled every {@link HEALTH_POLL_MS} until the stream is over.
 * Shows only what the media worker measured; missing measurements say so.
 */
export function GoLivePanel({ streamId, now = () => Date.now() }: { streamId: string; now?: () => number }) {
  const { api } = useServices();
  const [value, setValue] = useState<IngestHealth | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setValue(null);
    setError(null);
  }, [streamId]);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const v = await api.ingestHealth(streamId, { signal: controller.signal });
        if (controller.signal.aborted) return;
        setValue(v);
        setError(null);
        if (OVER.has(v.status)) return; // nothing changes any more
      } catch (e) {
        if (controller.signal.aborted) return;
        setError(e);
      }
      timer = setTimeout(() => void poll(), HEALTH_POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [api, streamId, attempt]);

  const h = value?.health ?? null;
  return (
    <div className="go-live" data-testid="go-live" aria-live="polite">
      {value === null && error === null ? <Loading label="Reading the go-live status…" /> : null}
      {error ? <ErrorBox what="Go-live status" error={error} onRetry={() => setAttempt((a) => a + 1)} /> : null}
      {value ? (
        <dl className="figures">
          <div>
            <dt>Status</dt>
            <dd data-testid="go-live-status">{STATUS_TEXT[value.status]}</dd>
          </div>
          {value.live_since && !OVER.has(value.status) && value.status !== 'SCHEDULED' ? (
            <div>
              <dt>Live for</dt>
              <dd data-testid="go-live-uptime">{formatDuration(now() - Date.parse(value.live_since))}</dd>
            </div>
          ) : null}
          <div>
            <dt>Viewers</dt>
            <dd data-testid="go-live-viewers">
              {value.viewers.toLocaleString('en-US')}
              {value.listeners > 0 ? ` (+${value.listeners.toLocaleString('en-US')} listeners)` : ''}
            </dd>
          </div>
        </dl>
      ) : null}
      {value && (value.status === 'LIVE' || value.status === 'PAUSED') ? (
        h === null ? (
          <p className="muted" data-testid="go-live-no-health">
            No ingest health reported for this session yet.
          </p>
        ) : (
          <>
            {h.stale ? (
              <p className="notice pending" role="status" data-testid="go-live-stale">
                The last health report is {Math.round(h.age_ms / 1000)} s old: the media worker may have lost this
                stream.
              </p>
            ) : null}
            <dl className="figures" aria-label="Ingest health" data-testid="go-live-health">
              <div>
                <dt>Encoder connection</dt>
                <dd>{h.publisher_connected ? 'connected' : 'disconnected'}</dd>
              </div>
              <div>
                <dt>Input bitrate</dt>
                <dd data-testid="health-bitrate">{measured(h.input_bitrate_kbps, 'kbit/s')}</dd>
              </div>
              <div>
                <dt>Encoder frame rate</dt>
                <dd data-testid="health-fps">{measured(h.encoder_fps, 'fps')}</dd>
              </div>
              <div>
                <dt>Encoder speed</dt>
                <dd data-testid="health-speed">{h.encoder_speed === null ? 'not measured' : `${h.encoder_speed}×`}</dd>
              </div>
              <div>
                <dt>Encoder restarts</dt>
                <dd data-testid="health-restarts">{h.encoder_restarts}</dd>
              </div>
              <div>
                <dt>Last report</dt>
                <dd>{Math.round(h.age_ms / 1000)} s ago</dd>
              </div>
            </dl>
            <p className="muted">Keyframe interval and dropped segments are not measured by the media worker yet.</p>
          </>
        )
      ) : null}
    </div>
  );
}

/** The studio section: the stream just created, or any stream id of the creator's. */
export function GoLiveSection({ createdStreamId }: { createdStreamId: string | null }) {
  const [typed, setTyped] = useState('');
  const [watched, setWatched] = useState<string | null>(null);
  const streamId = watched ?? createdStreamId;
  return (
    <section className="card" aria-labelledby="go-live-heading">
      <h2 id="go-live-heading">Go-live status</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) setWatched(typed.trim());
        }}
      >
        <label>
          Stream to check
          <input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            maxLength={64}
            placeholder={createdStreamId ?? ''}
          />
        </label>
        <button type="submit">Show status</button>
      </form>
      {streamId ? (
        <GoLivePanel key={streamId} streamId={streamId} />
      ) : (
        <p className="muted">Create a stream, or enter the id of one of yours, to see its live status and health.</p>
      )}
    </section>
  );
}
