import Hls, { type Level } from 'hls.js';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';

export interface PlayerHandle {
  play(): Promise<void>;
  pause(): void;
  positionMs(): number;
}

export interface QualityOption {
  index: number; // -1 = automatic
  label: string;
}

export function qualityOptions(levels: readonly Pick<Level, 'height' | 'bitrate'>[]): QualityOption[] {
  return [
    { index: -1, label: 'Auto' },
    ...levels.map((l, index) => ({ index, label: l.height ? `${l.height}p` : `${Math.round(l.bitrate / 1000)} kbps` })),
  ];
}

/**
 * HLS player: hls.js where Media Source Extensions exist, native HLS otherwise (Safari). Measures
 * start time from mount to the first rendered frame and reports it (also as data-start-ms and a
 * performance mark, for the e2e benchmark). With `autoPlay` false it loads the stream (manifest and the
 * first segments) but starts playing only once `autoPlay` turns true, e.g. when the viewing session exists.
 */
export const HlsPlayer = forwardRef<
  PlayerHandle,
  {
    src: string;
    title: string;
    onPlay?: () => void;
    onPause?: () => void;
    onFatalError?: (message: string) => void;
    onStartMeasured?: (ms: number) => void;
    autoPlay?: boolean;
  }
>(function HlsPlayer({ src, title, onPlay, onPause, onFatalError, onStartMeasured, autoPlay = true }, ref) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const hlsRef = useRef<Hls | null>(null);
  const [levels, setLevels] = useState<QualityOption[]>([]);
  const [quality, setQuality] = useState(-1);
  const [startMs, setStartMs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const autoPlayRef = useRef(autoPlay);
  autoPlayRef.current = autoPlay;
  /** The manifest is parsed: playing can start. */
  const readyRef = useRef(false);

  useImperativeHandle(ref, () => ({
    play: async () => {
      await videoRef.current?.play();
    },
    pause: () => videoRef.current?.pause(),
    positionMs: () => Math.round((videoRef.current?.currentTime ?? 0) * 1000),
  }));

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const mountedAt = performance.now();
    let measured = false;
    const measure = () => {
      if (measured) return;
      measured = true;
      const ms = Math.round(performance.now() - mountedAt);
      performance.mark('creditcast:first-frame');
      setStartMs(ms);
      onStartMeasured?.(ms);
    };
    const onPlaying = () => {
      if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(measure);
      else measure();
    };
    video.addEventListener('playing', onPlaying);
    const fail = (message: string) => {
      setError(message);
      onFatalError?.(message);
    };
    if (Hls.isSupported()) {
      const hls = new Hls({ lowLatencyMode: true, manifestLoadingMaxRetry: 2 });
      hlsRef.current = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
        setLevels(qualityOptions(data.levels));
        readyRef.current = true;
        if (autoPlayRef.current) video.play().catch(() => undefined); // autoplay may be refused; the controls remain
      });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (data.fatal) fail(`The stream could not be played (${data.details}).`);
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = src;
      video.addEventListener('error', () => fail('The stream could not be played.'), { once: true });
    } else {
      fail('This browser cannot play HLS streams.');
    }
    return () => {
      video.removeEventListener('playing', onPlaying);
      hlsRef.current?.destroy();
      hlsRef.current = null;
      readyRef.current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [src]);

  // allowed to play after the stream was loaded (hls.js buffers without playing meanwhile)
  useEffect(() => {
    if (autoPlay && readyRef.current) videoRef.current?.play().catch(() => undefined);
  }, [autoPlay]);

  const chooseQuality = (index: number) => {
    setQuality(index);
    if (hlsRef.current) hlsRef.current.currentLevel = index;
  };

  const toggleFullscreen = async () => {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await wrapperRef.current?.requestFullscreen?.();
  };

  return (
    <div className="player" ref={wrapperRef} data-start-ms={startMs ?? undefined}>
      <video
        ref={videoRef}
        controls
        playsInline
        muted
        loop
        aria-label={`Video: ${title}`}
        onPlay={onPlay}
        onPause={onPause}
      />
      <div className="player-bar">
        <label>
          Quality{' '}
          <select value={quality} onChange={(e) => chooseQuality(Number(e.target.value))} disabled={levels.length <= 1}>
            {(levels.length ? levels : [{ index: -1, label: 'Auto' }]).map((l) => (
              <option key={l.index} value={l.index}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void toggleFullscreen()}>
          Fullscreen
        </button>
        <span className="muted" data-testid="start-time">
          {startMs === null ? 'Starting…' : `Started in ${(startMs / 1000).toFixed(2)} s`}
        </span>
      </div>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
});
