import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { ViewingSession } from '../api/creditcast';
import { describeError } from '../api/problem';
import { ChatPanel } from '../chat/ChatPanel';
import { useServices, useUser } from '../app/context';
import { ErrorBox, Loading, formatCredits, useAsync } from '../components/async';
import { playbackUrl } from '../config/runtimeConfig';
import { MeteringLoop, type MeteringSnapshot } from '../metering/meteringLoop';
import { HlsPlayer, type PlayerHandle } from '../player/HlsPlayer';
import { FollowButton } from '../creator/FollowButton';
import { TipWidget } from '../tip/TipWidget';
import { TopUpDialog } from './TopUpDialog';

/** Warn when the balance covers fewer intervals than this (about half a minute at the default rate). */
export const LOW_BALANCE_INTERVALS = 3;

/** Statuses after which nothing is shown any more: playback stops and metering ends (no charge for it). */
export const STREAM_OVER_STATUSES: ReadonlySet<string> = new Set(['ended', 'taken_down']);

/** The chat room's `stream_status` values (docs/chat.md) as the viewer reads them. */
export function streamStatusText(status: string): string {
  switch (status) {
    case 'live':
      return '● Live';
    case 'paused':
      return 'Paused: the creator lost the connection';
    case 'ended':
      return 'Stream ended: no longer live';
    case 'taken_down':
      return 'Taken down by moderation: no longer live';
    default:
      return `Stream ${status.replace(/_/g, ' ')}`;
  }
}

export function StreamPage() {
  const { streamId = '' } = useParams();
  const user = useUser();
  const { api } = useServices();
  // a viewing session is opened only for a signed-in viewer
  const { state, reload } = useAsync(
    (signal) => (user ? api.startViewingSession(streamId, { signal }) : Promise.resolve(null)),
    [streamId, user?.id],
  );

  if (!user) {
    return (
      <section>
        <h1>Stream</h1>
        <p>
          <Link to={`/sign-in?returnTo=${encodeURIComponent(`/streams/${streamId}`)}`}>Sign in</Link> to watch this
          stream.
        </p>
      </section>
    );
  }
  if (state.status === 'error')
    return <ErrorBox what="The stream cannot be opened" error={state.error} onRetry={reload} />;
  // The player loads the stream while the viewing session is being opened (start time: the two run side by
  // side), and plays only once the session exists: nothing is watched unpaid.
  return <MeteredStream streamId={streamId} session={state.status === 'ready' ? state.value : null} />;
}

function MeteredStream({ streamId, session }: { streamId: string; session: ViewingSession | null }) {
  const user = useUser();
  const { api, config } = useServices();
  const player = useRef<PlayerHandle>(null);
  const [metering, setMetering] = useState<MeteringSnapshot | null>(null);
  const [topUpOpen, setTopUpOpen] = useState(false);
  /** What the open top-up dialog is for: paused playback, or the chat's credit gate. */
  const [topUpFor, setTopUpFor] = useState<'playback' | 'chat'>('playback');
  /** Bumped after a top-up: the chat asks for a new room token. */
  const [chatKey, setChatKey] = useState(0);
  const [viewers, setViewers] = useState<number | null>(null);
  const [streamStatus, setStreamStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [balance, setBalance] = useState<number | null>(null);
  const loopRef = useRef<MeteringLoop | null>(null);
  const playingBeforeLoop = useRef(false);
  /** A player that cannot play must not be metered, whatever the controls say. */
  const playerBroken = useRef(false);
  /** The stream ended or was taken down: the viewer is not charged for anything after that. */
  const streamOver = useRef(false);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useEffect(() => {
    if (!session) return;
    const loop = new MeteringLoop({
      sessionId: session.session_id,
      intervalMs: session.interval_ms,
      meter: (req) => api.meter(req),
      playbackMs: () => player.current?.positionMs() ?? 0,
      onChange: (s) => {
        setMetering(s);
        if (s.remainingCredits !== null) setBalance(s.remainingCredits);
      },
      onOutOfCredits: () => {
        player.current?.pause();
        setTopUpFor('playback');
        setTopUpOpen(true);
      },
      onFailed: (error) => {
        player.current?.pause();
        setFailure(error);
      },
      // the ledger refused to bill: the stream is over even if the chat has not said so yet
      onStreamOver: (status) => overRef.current(status),
    });
    loopRef.current = loop;
    setMetering(loop.snapshot());
    if (playingBeforeLoop.current) loop.start();
    return () => loop.stop();
  }, [api, session]);

  // Metering follows the viewer's intent: it starts with playback and pauses with it.
  const onPlay = useCallback(() => {
    if (playerBroken.current || streamOver.current || !sessionRef.current) {
      player.current?.pause();
      return;
    }
    const loop = loopRef.current;
    if (!loop) {
      playingBeforeLoop.current = true;
      return;
    }
    const s = loop.snapshot().state;
    if (s === 'idle') loop.start();
    else if (s === 'paused') loop.resume();
    else if (s === 'out-of-credits') {
      player.current?.pause();
      setTopUpFor('playback');
      setTopUpOpen(true);
    } else if (s === 'failed') player.current?.pause();
  }, []);
  const onPause = useCallback(() => {
    playingBeforeLoop.current = false;
    loopRef.current?.pause();
  }, []);

  const resumePlayback = () => {
    if (streamOver.current) return;
    loopRef.current?.resume();
    void player.current?.play().catch(() => undefined);
  };
  const afterTopUp = () => {
    setTopUpOpen(false);
    setChatKey((k) => k + 1);
    // a top-up for the chat does not start paused playback, unless metering was waiting for credits too
    if (topUpFor === 'playback' || loopRef.current?.snapshot().state === 'out-of-credits') resumePlayback();
  };
  const onStreamStatus = useCallback((status: string) => {
    setStreamStatus(status);
    if (STREAM_OVER_STATUSES.has(status)) {
      streamOver.current = true;
      playingBeforeLoop.current = false;
      loopRef.current?.stop();
      player.current?.pause();
      setTopUpOpen(false);
    }
  }, []);
  const overRef = useRef(onStreamStatus);
  overRef.current = onStreamStatus;
  const openChatTopUp = useCallback(() => {
    setTopUpFor('chat');
    setTopUpOpen(true);
  }, []);

  return (
    <div className="stream-layout">
      <section className="stream-main" aria-labelledby="stream-title">
        <h1 id="stream-title">Stream {streamId.slice(0, 8)}</h1>
        <p className="stream-facts" data-testid="stream-facts">
          {streamStatus !== null ? <span data-testid="stream-status">{streamStatusText(streamStatus)}</span> : null}
          <span data-testid="viewer-count">
            {viewers === null ? 'Viewers: —' : `${viewers.toLocaleString('en-US')} watching in chat`}
          </span>
        </p>
        <HlsPlayer
          ref={player}
          src={playbackUrl(config, streamId)}
          title={session ? `stream by ${session.creator_id}` : 'stream'}
          autoPlay={session !== null}
          onPlay={onPlay}
          onPause={onPause}
          onFatalError={() => {
            playerBroken.current = true;
            playingBeforeLoop.current = false;
            loopRef.current?.pause();
          }}
        />
        {session === null ? <Loading label="Opening a viewing session…" /> : null}
        {session !== null ? (
          <dl className="metering-status" aria-label="Metering" data-testid="metering-status">
            <div>
              <dt>Rate</dt>
              <dd>
                {formatCredits(session.rate_minor)} per {Math.round(session.interval_ms / 1000)} s
              </dd>
            </div>
            <div>
              <dt>Intervals paid</dt>
              <dd data-testid="paid-intervals">{metering?.paidIntervals ?? 0}</dd>
            </div>
            <div>
              <dt>Credits left</dt>
              <dd data-testid="remaining-credits">{formatCredits(balance)}</dd>
            </div>
            <div>
              <dt>Metering</dt>
              <dd data-testid="metering-state">{metering?.state ?? 'idle'}</dd>
            </div>
          </dl>
        ) : null}
        {session !== null && balance !== null && balance > 0 && balance < LOW_BALANCE_INTERVALS * session.rate_minor ? (
          <p className="notice pending toast" role="status" data-testid="low-balance">
            Low balance: {formatCredits(balance)} left, enough for{' '}
            {Math.floor(balance / Math.max(1, session.rate_minor))} more interval(s). <Link to="/wallet">Top up</Link>
          </p>
        ) : null}
        {failure ? (
          <div className="notice error" role="alert">
            <p>Playback stopped: the watch time could not be paid ({describeError(failure)}).</p>
            <button
              type="button"
              onClick={() => {
                setFailure(null);
                setTopUpOpen(false);
                resumePlayback();
              }}
            >
              Try again
            </button>
          </div>
        ) : null}
      </section>
      {session !== null ? (
        <aside className="stream-side">
          <p>
            Creator:{' '}
            <Link to={`/creators/${encodeURIComponent(session.creator_id)}`}>
              <strong>{session.creator_id}</strong>
            </Link>{' '}
            <FollowButton creatorId={session.creator_id} />
          </p>
          <TipWidget creatorId={session.creator_id} onTipped={(r) => setBalance(r.balance_minor)} />
          <ChatPanel
            streamId={session.stream_id}
            onTopUp={openChatTopUp}
            refreshKey={chatKey}
            onViewers={setViewers}
            onStreamStatus={onStreamStatus}
            moderator={
              user !== null &&
              (user.id === session.creator_id || user.roles.includes('moderator') || user.roles.includes('admin'))
            }
          />
        </aside>
      ) : null}
      {session !== null ? (
        <TopUpDialog
          open={topUpOpen}
          rateMinor={topUpFor === 'chat' ? 1 : session.rate_minor}
          purpose={topUpFor}
          onClose={() => setTopUpOpen(false)}
          onToppedUp={afterTopUp}
        />
      ) : null}
    </div>
  );
}
