package io.creditcast.media.ffmpeg;

/**
 * One progress report from {@code ffmpeg -progress pipe:1}.
 *
 * @param outTimeUs media time written so far, in microseconds (0 until known)
 * @param speed encoding speed as a multiple of realtime ({@code 2.4} = 2.4× realtime; 0 until known)
 * @param frame frames written so far
 * @param totalSizeBytes bytes written so far (0 when FFmpeg does not know, e.g. for HLS)
 * @param ended whether this is the final report ({@code progress=end})
 */
public record FfmpegProgress(long outTimeUs, double speed, long frame, long totalSizeBytes, boolean ended) {

    public static final FfmpegProgress NONE = new FfmpegProgress(0, 0, 0, 0, false);

    public FfmpegProgress {
        outTimeUs = Math.max(0, outTimeUs);
        speed = Double.isFinite(speed) ? Math.max(0, speed) : 0;
        frame = Math.max(0, frame);
        totalSizeBytes = Math.max(0, totalSizeBytes);
    }

    /** Whole percent of {@code durationUs} done, clamped to 0..100 (0 when the duration is unknown). */
    public int percentOf(long durationUs) {
        if (durationUs <= 0) {
            return ended ? 100 : 0;
        }
        if (ended) {
            return 100;
        }
        return (int) Math.min(100, Math.max(0, outTimeUs * 100 / durationUs));
    }
}
