/**
 * The metering loop of a viewing session (seed 000 FR-P3/P4): interval i is paid for by
 * `POST /meter {session_id, interval_index: i, playback_ms}` at its start, then interval i+1 one
 * interval later. The server is idempotent by (session, index), so a ping whose answer was lost is
 * retried with the *same* index; only a paid interval advances the index.
 *
 * - 402 insufficient-credits: state `out-of-credits`, `onOutOfCredits` fires (the page pauses the
 *   video and opens the top-up dialog); `resume()` after a top-up retries the same index at once.
 * - transient failures (network, 5xx/429): retried with backoff, at most MAX_TRANSIENT_RETRIES times,
 *   then state `failed` (the page stops playback: watching unpaid is not allowed).
 * - 409 stream-taken-down / stream-ended: the ledger refuses to bill a stream that is over; state
 *   `stopped` and `onStreamOver` fires (the page shows the stream as over, as for the chat's status).
 * - any other problem (session unknown, wallet flagged…): state `failed` at once.
 *
 * No DOM, no React: time comes from an injected scheduler so tests drive it with fake timers.
 */
import { ApiProblem } from '../api/problem';
import type { MeterRequest, MeterResult } from '../api/creditcast';

export const MAX_TRANSIENT_RETRIES = 5;
export const FIRST_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;

export type MeteringState = 'idle' | 'running' | 'paused' | 'out-of-credits' | 'failed' | 'stopped';

export interface MeteringSnapshot {
  state: MeteringState;
  /** The interval that will be paid next. */
  nextIntervalIndex: number;
  paidIntervals: number;
  remainingCredits: number | null;
  lastError: unknown;
}

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface MeteringLoopOptions {
  sessionId: string;
  intervalMs: number;
  meter: (req: MeterRequest) => Promise<MeterResult>;
  /** Current playback position, reported with each ping. */
  playbackMs: () => number;
  onChange?: (snapshot: MeteringSnapshot) => void;
  onOutOfCredits?: (problem: ApiProblem) => void;
  onFailed?: (error: unknown) => void;
  /** The ledger refused the ping because the stream was taken down or has ended. */
  onStreamOver?: (status: StreamOverStatus, problem: ApiProblem) => void;
  scheduler?: Scheduler;
}

export type StreamOverStatus = 'taken_down' | 'ended';

/** The ledger's problem types for pings on a stream that is over (docs/events.md, metering stop rule). */
export function streamOverStatus(error: unknown): StreamOverStatus | null {
  if (!(error instanceof ApiProblem)) return null;
  if (error.is('stream-taken-down')) return 'taken_down';
  if (error.is('stream-ended')) return 'ended';
  return null;
}

export function retryDelayMs(attempt: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** attempt, MAX_RETRY_DELAY_MS);
}

function isTransient(error: unknown): boolean {
  if (error instanceof ApiProblem) return error.transient || error.status >= 500;
  return true; // NetworkError, timeouts and anything without an HTTP answer
}

export class MeteringLoop {
  private readonly o: MeteringLoopOptions;
  private readonly scheduler: Scheduler;
  private state: MeteringState = 'idle';
  private nextIndex = 0;
  private paid = 0;
  private remainingCredits: number | null = null;
  private lastError: unknown = null;
  private timer: unknown = null;
  private inFlight = false;
  private attempt = 0;
  /** When the next ping is due (scheduler time); kept across pause so a resume does not pay twice. */
  private dueAt = 0;
  private remainingAtPauseMs = 0;

  constructor(options: MeteringLoopOptions) {
    if (!(options.intervalMs > 0)) throw new Error('intervalMs must be positive');
    this.o = options;
    this.scheduler = options.scheduler ?? realScheduler;
  }

  snapshot(): MeteringSnapshot {
    return {
      state: this.state,
      nextIntervalIndex: this.nextIndex,
      paidIntervals: this.paid,
      remainingCredits: this.remainingCredits,
      lastError: this.lastError,
    };
  }

  /** Starts paying: interval 0 at once. */
  start(): void {
    if (this.state !== 'idle') return;
    this.setState('running');
    this.schedule(0);
  }

  /** The viewer paused: no pings until resume; the interval already paid is not paid again. */
  pause(): void {
    if (this.state !== 'running') return;
    this.remainingAtPauseMs = Math.max(0, this.dueAt - this.scheduler.now());
    this.cancelTimer();
    this.setState('paused');
  }

  /**
   * Continue after a viewer pause (the rest of the paid interval first), or after a top-up / a
   * failure (the unpaid interval at once, with the same index).
   */
  resume(): void {
    if (this.state === 'paused') {
      this.setState('running');
      this.schedule(this.inFlight ? null : this.remainingAtPauseMs);
    } else if (this.state === 'out-of-credits' || this.state === 'failed') {
      this.attempt = 0;
      this.lastError = null;
      this.setState('running');
      this.schedule(0);
    }
  }

  stop(): void {
    this.cancelTimer();
    this.setState('stopped');
  }

  private schedule(delayMs: number | null): void {
    this.cancelTimer();
    if (delayMs === null) return; // a ping is in flight; its answer schedules the next one
    this.dueAt = this.scheduler.now() + delayMs;
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      void this.ping();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Read through a method: the state may change while a ping is awaited. */
  private current(): MeteringState {
    return this.state;
  }

  private async ping(): Promise<void> {
    if (this.state !== 'running' || this.inFlight) return;
    this.inFlight = true;
    const index = this.nextIndex;
    const startedAt = this.scheduler.now();
    try {
      const result = await this.o.meter({
        session_id: this.o.sessionId,
        interval_index: index,
        playback_ms: Math.max(0, Math.round(this.o.playbackMs())),
      });
      this.inFlight = false;
      if (this.current() === 'stopped') return;
      this.attempt = 0;
      this.lastError = null;
      this.paid += 1;
      this.nextIndex = index + 1;
      this.remainingCredits = result.remaining_credits;
      const nextDelay = Math.max(0, startedAt + this.o.intervalMs - this.scheduler.now());
      if (this.current() === 'running') {
        this.schedule(nextDelay);
      } else if (this.current() === 'paused') {
        this.remainingAtPauseMs = nextDelay;
      }
      this.emit();
    } catch (error) {
      this.inFlight = false;
      if (this.current() === 'stopped') return;
      this.lastError = error;
      if (error instanceof ApiProblem && error.is('insufficient-credits')) {
        this.cancelTimer();
        this.remainingCredits = 0;
        this.setState('out-of-credits');
        this.o.onOutOfCredits?.(error);
        return;
      }
      const over = streamOverStatus(error);
      if (over !== null) {
        this.cancelTimer();
        this.setState('stopped');
        this.o.onStreamOver?.(over, error as ApiProblem);
        return;
      }
      if (isTransient(error) && this.attempt < MAX_TRANSIENT_RETRIES) {
        const delay = retryDelayMs(this.attempt);
        this.attempt += 1;
        if (this.current() === 'running') this.schedule(delay);
        else if (this.current() === 'paused') this.remainingAtPauseMs = 0;
        this.emit();
        return;
      }
      this.cancelTimer();
      this.setState('failed');
      this.o.onFailed?.(error);
    }
  }

  private setState(state: MeteringState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit();
  }

  private emit(): void {
    this.o.onChange?.(this.snapshot());
  }
}
