import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, NetworkError, PROBLEM_TYPE_BASE } from '../api/problem';
import type { MeterRequest, MeterResult } from '../api/creditcast';
import { MAX_TRANSIENT_RETRIES, MeteringLoop, realScheduler, retryDelayMs } from './meteringLoop';

const INTERVAL_MS = 10_000;

function ok(req: MeterRequest, remaining: number): MeterResult {
  return {
    session_id: req.session_id,
    interval_index: req.interval_index,
    debited_minor: 1,
    remaining_credits: remaining,
    next_allowed_ms: (req.interval_index + 1) * INTERVAL_MS,
    replayed: false,
  };
}

const outOfCredits = () =>
  new ApiProblem({ status: 402, type: `${PROBLEM_TYPE_BASE}insufficient-credits`, title: 'Insufficient credits' });

/** A fake /meter that answers from a script, recording every request. */
function fakeMeter(script: (req: MeterRequest, call: number) => MeterResult | Error) {
  const calls: MeterRequest[] = [];
  const meter = vi.fn(async (req: MeterRequest) => {
    calls.push(req);
    const answer = script(req, calls.length);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { meter, calls };
}

function loopWith(
  meter: (req: MeterRequest) => Promise<MeterResult>,
  extra: Partial<ConstructorParameters<typeof MeteringLoop>[0]> = {},
) {
  return new MeteringLoop({
    sessionId: 'session-1',
    intervalMs: INTERVAL_MS,
    meter,
    playbackMs: () => 1234,
    scheduler: realScheduler,
    ...extra,
  });
}

describe('the metering loop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pays interval 0 at once and then one interval per interval_ms with increasing indexes', async () => {
    const { meter, calls } = fakeMeter((req) => ok(req, 100 - req.interval_index));
    const loop = loopWith(meter);
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.interval_index)).toEqual([0]);

    await vi.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1, 2, 3, 4]);
    expect(calls.every((c) => c.session_id === 'session-1' && c.playback_ms === 1234)).toBe(true);
    expect(loop.snapshot()).toMatchObject({
      state: 'running',
      paidIntervals: 5,
      nextIntervalIndex: 5,
      remainingCredits: 96,
    });
    loop.stop();
  });

  it('on 402 stops pinging, reports out-of-credits once, and retries the same index after a top-up', async () => {
    let credits = 2;
    const { meter, calls } = fakeMeter((req) => (credits > 0 ? ok(req, --credits) : outOfCredits()));
    const onOutOfCredits = vi.fn();
    const loop = loopWith(meter, { onOutOfCredits });
    loop.start();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1, 2]);
    expect(onOutOfCredits).toHaveBeenCalledTimes(1);
    expect(onOutOfCredits.mock.calls[0]?.[0]).toBeInstanceOf(ApiProblem);
    expect(loop.snapshot()).toMatchObject({ state: 'out-of-credits', nextIntervalIndex: 2, remainingCredits: 0 });

    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(calls).toHaveLength(3); // nothing while out of credits

    credits = 5; // the viewer topped up
    loop.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1, 2, 2]);
    expect(loop.snapshot()).toMatchObject({ state: 'running', nextIntervalIndex: 3 });
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(calls.at(-1)?.interval_index).toBe(3);
    loop.stop();
  });

  it('retries a failed ping with the same interval index and backoff, then moves on', async () => {
    const { meter, calls } = fakeMeter((req, call) =>
      call === 2 || call === 3 ? new NetworkError('offline') : ok(req, 9),
    );
    const loop = loopWith(meter);
    loop.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS); // call 1 ok (index 0), call 2 fails (index 1)
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(retryDelayMs(0)); // call 3 fails again
    await vi.advanceTimersByTimeAsync(retryDelayMs(1)); // call 4 succeeds
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1, 1, 1]);
    expect(loop.snapshot()).toMatchObject({ state: 'running', nextIntervalIndex: 2, paidIntervals: 2 });
    loop.stop();
  });

  it('retries a 503 overload with the same index too', async () => {
    const overloaded = new ApiProblem({ status: 503, type: `${PROBLEM_TYPE_BASE}overloaded` });
    const { meter, calls } = fakeMeter((req, call) => (call === 1 ? overloaded : ok(req, 3)));
    const loop = loopWith(meter);
    loop.start();
    await vi.advanceTimersByTimeAsync(retryDelayMs(0));
    expect(calls.map((c) => c.interval_index)).toEqual([0, 0]);
    loop.stop();
  });

  it('gives up after MAX_TRANSIENT_RETRIES retries and reports the failure', async () => {
    const { meter, calls } = fakeMeter(() => new NetworkError('offline'));
    const onFailed = vi.fn();
    const loop = loopWith(meter, { onFailed });
    loop.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1 + MAX_TRANSIENT_RETRIES);
    expect(new Set(calls.map((c) => c.interval_index))).toEqual(new Set([0]));
    expect(onFailed).toHaveBeenCalledTimes(1);
    expect(loop.snapshot().state).toBe('failed');
  });

  it('fails at once on a problem that a retry cannot fix', async () => {
    const unknown = new ApiProblem({ status: 404, type: `${PROBLEM_TYPE_BASE}unknown-session` });
    const { meter, calls } = fakeMeter(() => unknown);
    const onFailed = vi.fn();
    const loop = loopWith(meter, { onFailed });
    loop.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(onFailed).toHaveBeenCalledWith(unknown);
  });

  it.each([
    ['stream-taken-down', 'taken_down'],
    ['stream-ended', 'ended'],
  ])('stops (not fails) when the ledger answers 409 %s, and pings no more', async (slug, status) => {
    const over = new ApiProblem({ status: 409, type: `${PROBLEM_TYPE_BASE}${slug}` });
    const { meter, calls } = fakeMeter((req, call) => (call === 1 ? ok(req, 9) : over));
    const onFailed = vi.fn();
    const onStreamOver = vi.fn();
    const loop = loopWith(meter, { onFailed, onStreamOver });
    loop.start();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1]);
    expect(onStreamOver).toHaveBeenCalledWith(status, over);
    expect(onFailed).not.toHaveBeenCalled();
    expect(loop.snapshot().state).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
  });

  it('does not ping while paused and does not pay the same interval twice after resuming', async () => {
    const { meter, calls } = fakeMeter((req) => ok(req, 50));
    const loop = loopWith(meter);
    loop.start();
    await vi.advanceTimersByTimeAsync(4_000); // interval 0 paid, 6 s of it left
    loop.pause();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    loop.resume();
    await vi.advanceTimersByTimeAsync(5_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => c.interval_index)).toEqual([0, 1]);
    loop.stop();
  });

  it('sends nothing after stop', async () => {
    const { meter, calls } = fakeMeter((req) => ok(req, 50));
    const loop = loopWith(meter);
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    loop.stop();
    await vi.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(calls).toHaveLength(1);
    expect(loop.snapshot().state).toBe('stopped');
  });
});
