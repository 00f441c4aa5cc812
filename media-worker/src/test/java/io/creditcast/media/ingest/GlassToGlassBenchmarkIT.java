package io.creditcast.media.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.TestMedia;
import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ffmpeg.internal.ShortProcess;
import io.creditcast.media.ingest.rtmp.RtmpServer;
import io.creditcast.media.transcode.AudioRendition;
import io.creditcast.media.transcode.FfmpegLauncher;
import io.creditcast.media.transcode.HlsLadderArgs;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.RestartPolicy;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.media.transcode.VideoRendition;
import io.creditcast.stream.StreamKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, off unless {@code -Dbench=true}: glass-to-glass latency estimate of live RTMP ingest → worker ladder →
 * HLS, for a player that plays 3 target durations behind the live edge (the HLS spec's and hls.js's default).
 *
 * <p>The "camera" is this test: it hands raw frames to a publisher FFmpeg (x264 ultrafast, zerolatency, 1 s GOP,
 * FLV over RTMP to the in-process server, like OBS) at a fixed rate, frame {@code n} due at {@code t0 + n / fps}.
 * Each frame carries its number as two rows of 16 black/white blocks (the bits, then the inverted bits), which
 * survive scaling and lossy coding and are read back from decoded pixels — no OCR, no clock inside the stream.
 * The capture time of frame {@code n} is its due time, so a publisher that falls behind counts as latency.
 *
 * <p>The watcher polls the top rendition's media playlist (every {@value #POLL_MS} ms). When segment {@code k}
 * appears (wall time {@code W_k}), a player that (re)synchronises then plays position {@code P = E_k - 3 * TD},
 * where {@code E_k} is the end of segment {@code k} (sum of EXTINF since the first segment) and {@code TD} the
 * target duration. The frame at {@code P} is found from the segment that contains it: the number read from its
 * first (key)frame plus {@code (P - segmentStart) * fps}. {@code glass_to_glass_s = median over k of W_k -
 * capture(frame at P)}. A player that joined just before the next segment appeared runs up to one segment
 * longer behind: printed as {@code glass_to_glass_worst_s} (max + segment duration).
 */
class GlassToGlassBenchmarkIT {
    static final int POLL_MS = 20;
    static final int PUSH_S = Integer.getInteger("bench.g2g.push-s", 40);
    static final int WIDTH_PX = 1280;
    static final int HEIGHT_PX = 720;
    static final int FPS = 30;
    static final int BITS = 16;
    /** A live player starts this many target durations behind the live edge. */
    static final int PLAYER_HOLDBACK_TARGET_DURATIONS = 3;
    /** Read-back geometry: frames are decoded scaled to this size. */
    static final int PROBE_WIDTH_PX = 320;

    static final int PROBE_HEIGHT_PX = 180;

    @TempDir
    Path root;

    RecordingCommandClient commandSide = new RecordingCommandClient();
    TranscodeScheduler scheduler;
    FactReporter facts;
    LiveSessions sessions;
    RtmpServer server;
    Process publisher;
    ScheduledExecutorService camera;

    @AfterEach
    void stop() {
        if (camera != null) {
            camera.shutdownNow();
        }
        if (publisher != null) {
            publisher.destroyForcibly();
        }
        if (server != null) {
            server.close();
            sessions.close();
            scheduler.close();
            facts.close();
        }
    }

    /**
     * The ladder under test: the default one, or {@code -Dbench.g2g.ladder=small} (one 144p rung, ultrafast); its
     * segment duration may be overridden with {@code -Dbench.g2g.segment-s=1}.
     */
    static Ladder ladder() {
        Ladder ladder = chosenLadder();
        Integer segmentS = Integer.getInteger("bench.g2g.segment-s");
        return segmentS == null
                ? ladder
                : new Ladder(
                        ladder.video(), ladder.audio(), ladder.x264Preset(), segmentS, ladder.liveWindowSegments());
    }

    private static Ladder chosenLadder() {
        if ("small".equals(System.getProperty("bench.g2g.ladder"))) {
            return new Ladder(
                    List.of(new VideoRendition("144p", 144, 200, 220, 400)),
                    Optional.of(new AudioRendition("audio", 64, 48000, 2)),
                    "ultrafast",
                    2,
                    6);
        }
        return Ladder.defaults();
    }

    @Test
    void glassToGlassForAPlayerThreeTargetDurationsBehindTheLiveEdge() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
        Ladder ladder = ladder();
        PipedInputs pipes = new PipedInputs();
        scheduler = new TranscodeScheduler(
                pipes.around(FfmpegLauncher.using(TestMedia.ffmpeg(), 200)),
                new TranscodeScheduler.Limits(2, 0, Duration.ofSeconds(3)),
                new RestartPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofMinutes(1)));
        facts = new FactReporter(commandSide, 1, Duration.ofMillis(10), 100);
        IngestProperties properties = new IngestProperties(
                root.resolve("live"),
                Duration.ofSeconds(1),
                2,
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                1,
                90,
                true,
                Duration.ofSeconds(30),
                new IngestProperties.Rtmp(
                        true, "127.0.0.1", 0, "live", 4, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        sessions = new LiveSessions(commandSide, facts, scheduler, pipes, ladder, properties);
        server = new RtmpServer(properties.rtmp(), sessions).start();
        StreamKey key = commandSide.newStream("g2g");

        publisher = TestMedia.ffmpeg()
                .ffmpegProcess(List.of(
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-f",
                        "rawvideo",
                        "-pixel_format",
                        "yuv420p",
                        "-video_size",
                        WIDTH_PX + "x" + HEIGHT_PX,
                        "-framerate",
                        Integer.toString(FPS),
                        "-i",
                        "pipe:0",
                        "-re",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000",
                        "-map",
                        "0:v",
                        "-map",
                        "1:a",
                        "-shortest",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-tune",
                        "zerolatency",
                        "-g",
                        Integer.toString(FPS),
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "64k",
                        "-f",
                        "flv",
                        "rtmp://127.0.0.1:" + server.port() + "/live/" + key.value()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(root.resolve("publisher.log").toFile())
                .start();

        // the camera: frame n is due at t0 + n / fps
        long periodNs = 1_000_000_000L / FPS;
        long frames = (long) PUSH_S * FPS;
        AtomicLong next = new AtomicLong();
        AtomicLong worstLatenessNs = new AtomicLong();
        AtomicReference<Throwable> cameraFailure = new AtomicReference<>();
        byte[] frame = grayFrame();
        OutputStream stdin = publisher.getOutputStream();
        long t0 = System.nanoTime() + 200_000_000L;
        camera = Executors.newSingleThreadScheduledExecutor();
        camera.scheduleAtFixedRate(
                () -> {
                    long n = next.get();
                    if (n > frames) {
                        return;
                    }
                    try {
                        if (n == frames) {
                            stdin.close(); // the publisher finishes and disconnects
                        } else {
                            worstLatenessNs.accumulateAndGet(System.nanoTime() - (t0 + n * periodNs), Math::max);
                            stamp(frame, n);
                            stdin.write(frame);
                            stdin.flush();
                        }
                    } catch (IOException e) {
                        cameraFailure.compareAndSet(null, e);
                    }
                    next.incrementAndGet();
                },
                t0 - System.nanoTime(),
                periodNs,
                TimeUnit.NANOSECONDS);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> sessions.liveDirectory("g2g").isPresent());
        Path hls = sessions.liveDirectory("g2g").orElseThrow().resolve(LiveSessions.HLS_DIR);
        Path rendition = hls.resolve(ladder.video().getFirst().name());
        Path playlist = rendition.resolve(HlsLadderArgs.MEDIA_PLAYLIST);

        List<Segment> seen = new ArrayList<>();
        List<Double> samplesS = new ArrayList<>();
        List<Double> pipelineDelaysS = new ArrayList<>();
        double[] targetDurationS = {0};
        await().atMost(Duration.ofSeconds(PUSH_S + 60L))
                .pollInterval(Duration.ofMillis(POLL_MS))
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    long observedNs = System.nanoTime();
                    if (Files.exists(playlist)) {
                        Playlist current = Playlist.read(playlist);
                        targetDurationS[0] = current.targetDurationS();
                        for (Playlist.Entry entry : current.entries()) {
                            if (seen.stream().anyMatch(s -> s.uri().equals(entry.uri()))) {
                                continue;
                            }
                            double startS = seen.isEmpty() ? 0 : seen.getLast().endS();
                            Segment segment = new Segment(
                                    entry.uri(),
                                    startS,
                                    startS + entry.durationS(),
                                    observedNs,
                                    frameNumber(rendition.resolve(entry.uri())));
                            seen.add(segment);
                            // the last frame of this segment: how long after its capture did the segment appear
                            long lastFrame = segment.firstFrame() + Math.round(entry.durationS() * FPS) - 1;
                            pipelineDelaysS.add((observedNs - (t0 + lastFrame * periodNs)) / 1e9);
                            double positionS =
                                    segment.endS() - PLAYER_HOLDBACK_TARGET_DURATIONS * current.targetDurationS();
                            if (positionS >= 0) {
                                Segment containing = seen.stream()
                                        .filter(s -> s.startS() <= positionS && positionS < s.endS())
                                        .findFirst()
                                        .orElseThrow();
                                long shown =
                                        containing.firstFrame() + Math.round((positionS - containing.startS()) * FPS);
                                samplesS.add((observedNs - (t0 + shown * periodNs)) / 1e9);
                            }
                        }
                    }
                    // done once the session ended and its last fact went out (closing the reporter then drops none)
                    return next.get() > frames
                            && !publisher.isAlive()
                            && commandSide.facts("g2g").stream().anyMatch(f -> f instanceof MediaFact.RecordingReady);
                });
        assertThat(cameraFailure.get()).as("camera write failure").isNull();
        assertThat(samplesS).as("segments measured").hasSizeGreaterThanOrEqualTo(5);

        double segmentS = ladder.segmentDurationS();
        List<Double> sorted = samplesS.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        double worst = sorted.getLast() + segmentS;
        List<Double> delays = pipelineDelaysS.stream().sorted().toList();
        System.out.printf(
                "glass-to-glass: ladder %s, %d s segments, rendition %s, %d segments, target duration %.0f s, camera worst lateness"
                        + " %.0f ms%n  samples %s%n  capture-of-last-frame to segment listed (pipeline delay) median"
                        + " %.2f s, max %.2f s%n",
                ladder.video().stream().map(VideoRendition::name).toList() + "/" + ladder.x264Preset(),
                ladder.segmentDurationS(),
                ladder.video().getFirst().name(),
                seen.size(),
                targetDurationS[0],
                worstLatenessNs.get() / 1e6,
                samplesS.stream().map(s -> String.format("%.2f", s)).toList(),
                delays.get(delays.size() / 2),
                delays.getLast());
        System.out.printf("FIGURE glass_to_glass_s %.1f s%n", median);
        System.out.printf("FIGURE glass_to_glass_worst_s %.1f s%n", worst);
    }

    /** A segment as the watcher saw it appear: media start/end (s since the first segment) and its first frame. */
    record Segment(String uri, double startS, double endS, long observedNs, long firstFrame) {}

    /** The entries of a media playlist and its target duration. */
    record Playlist(double targetDurationS, List<Entry> entries) {
        record Entry(String uri, double durationS) {}

        static Playlist read(Path file) throws IOException {
            double target = 0;
            double pending = -1;
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                    target = Double.parseDouble(line.substring("#EXT-X-TARGETDURATION:".length()));
                } else if (line.startsWith("#EXTINF:")) {
                    pending = Double.parseDouble(
                            line.substring("#EXTINF:".length()).split(",")[0]);
                } else if (!line.isBlank() && !line.startsWith("#") && pending >= 0) {
                    entries.add(new Entry(line.trim(), pending));
                    pending = -1;
                }
            }
            return new Playlist(target, entries);
        }
    }

    static byte[] grayFrame() {
        byte[] frame = new byte[WIDTH_PX * HEIGHT_PX * 3 / 2];
        java.util.Arrays.fill(frame, 0, WIDTH_PX * HEIGHT_PX, (byte) 128);
        java.util.Arrays.fill(frame, WIDTH_PX * HEIGHT_PX, frame.length, (byte) 128);
        return frame;
    }

    /** Block geometry in the probe's 320x180 space; scaled by 4 in the 1280x720 source. */
    static final int BLOCK_PX = 20;

    static final int BITS_ROW_Y_PX = 50;
    static final int INVERTED_ROW_Y_PX = 100;

    /** Writes {@code n} into the luma plane: bit i is block i of the first row, its inverse block i of the second. */
    static void stamp(byte[] frame, long n) {
        int scale = WIDTH_PX / PROBE_WIDTH_PX;
        for (int bit = 0; bit < BITS; bit++) {
            boolean one = ((n >> bit) & 1) == 1;
            fill(frame, bit * BLOCK_PX * scale, BITS_ROW_Y_PX * scale, BLOCK_PX * scale, one);
            fill(frame, bit * BLOCK_PX * scale, INVERTED_ROW_Y_PX * scale, BLOCK_PX * scale, !one);
        }
    }

    private static void fill(byte[] frame, int x, int y, int size, boolean white) {
        byte value = (byte) (white ? 235 : 16);
        for (int row = y; row < y + size; row++) {
            java.util.Arrays.fill(frame, row * WIDTH_PX + x, row * WIDTH_PX + x + size, value);
        }
    }

    /** The number stamped on the first frame of a segment, read back from decoded, rescaled luma. */
    long frameNumber(Path segment) throws IOException {
        Path gray = root.resolve("probe.gray");
        ShortProcess.Result decoded = ShortProcess.run(
                TestMedia.ffmpeg()
                        .ffmpegProcess(List.of(
                                "-hide_banner",
                                "-nostdin",
                                "-loglevel",
                                "error",
                                "-y",
                                "-i",
                                segment.toString(),
                                "-frames:v",
                                "1",
                                "-vf",
                                "scale=" + PROBE_WIDTH_PX + ":" + PROBE_HEIGHT_PX,
                                "-pix_fmt",
                                "gray",
                                "-f",
                                "rawvideo",
                                gray.toString())),
                Duration.ofSeconds(20),
                16 * 1024);
        assertThat(decoded.succeeded())
                .as("decode " + segment + ": " + decoded.stderr())
                .isTrue();
        byte[] luma = Files.readAllBytes(gray);
        long n = 0;
        for (int bit = 0; bit < BITS; bit++) {
            boolean one = mean(luma, bit * BLOCK_PX, BITS_ROW_Y_PX) > 128;
            boolean inverted = mean(luma, bit * BLOCK_PX, INVERTED_ROW_Y_PX) > 128;
            assertThat(one).as("bit %d of %s read consistently", bit, segment).isNotEqualTo(inverted);
            if (one) {
                n |= 1L << bit;
            }
        }
        return n;
    }

    /** Mean luma of the central 8x8 of a block. */
    private static double mean(byte[] luma, int x, int y) {
        int sum = 0;
        int inset = (BLOCK_PX - 8) / 2;
        for (int row = y + inset; row < y + inset + 8; row++) {
            for (int col = x + inset; col < x + inset + 8; col++) {
                sum += luma[row * PROBE_WIDTH_PX + col] & 0xff;
            }
        }
        return sum / 64.0;
    }
}
