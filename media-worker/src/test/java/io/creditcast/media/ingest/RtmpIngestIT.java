package io.creditcast.media.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.TestMedia;
import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ingest.rtmp.RtmpServer;
import io.creditcast.media.playback.AudienceCounter;
import io.creditcast.media.playback.PlaybackController;
import io.creditcast.media.playback.PlaybackProperties;
import io.creditcast.media.playback.PlaybackTokens;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.transcode.AudioRendition;
import io.creditcast.media.transcode.FfmpegLauncher;
import io.creditcast.media.transcode.Ladder;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.RestartPolicy;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.media.transcode.VideoRendition;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamKey;
import io.creditcast.stream.StreamStatus;
import io.creditcast.token.SigningKey;
import io.creditcast.token.TokenKeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * The real bundled FFmpeg publishes a small test pattern over RTMP to the in-process server; the worker's live
 * encoder (one 144p rung + audio, ultrafast) writes HLS. The command side is a recording fake.
 */
class RtmpIngestIT {
    static final Ladder SMALL = new Ladder(
            List.of(new VideoRendition("144p", 144, 200, 220, 400)),
            Optional.of(new AudioRendition("audio", 64, 48000, 2)),
            "ultrafast",
            2,
            6);

    /** The length of the push whose recording is measured, and the ladder's segment length (the tolerance). */
    static final long PUSH_MS = 6_000;

    static final long SEGMENT_MS = SMALL.segmentDurationS() * 1000L;

    @TempDir
    Path root;

    RecordingCommandClient commandSide = new RecordingCommandClient();
    final StreamSources sources = new StreamSources();
    TranscodeScheduler scheduler;
    FactReporter facts;
    LiveSessions sessions;
    RtmpServer server;
    final List<Process> publishers = new ArrayList<>();

    void start(Duration grace, int maxLiveStreams, int maxConnections) throws IOException {
        PipedInputs pipes = new PipedInputs();
        scheduler = new TranscodeScheduler(
                pipes.around(FfmpegLauncher.using(TestMedia.ffmpeg(), 200)),
                new TranscodeScheduler.Limits(2, 0, Duration.ofSeconds(3)),
                new RestartPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofMinutes(1)));
        facts = new FactReporter(commandSide, 1, Duration.ofMillis(10), 100);
        IngestProperties properties = new IngestProperties(
                root.resolve("live"),
                grace,
                maxLiveStreams,
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                1,
                90,
                true,
                Duration.ofSeconds(30),
                new IngestProperties.Rtmp(
                        true, "127.0.0.1", 0, "live", maxConnections, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        sessions = new LiveSessions(commandSide, facts, scheduler, pipes, SMALL, properties, sources);
        server = new RtmpServer(properties.rtmp(), sessions).start();
    }

    @AfterEach
    void stop() {
        publishers.forEach(Process::destroyForcibly);
        if (server != null) {
            server.close();
            sessions.close();
            scheduler.close();
            facts.close();
        }
    }

    /** {@code seconds} of a 320x180 15 fps pattern with a tone, pushed in real time like OBS would. */
    Process publish(String key, int seconds) throws IOException {
        return publish(key, seconds, "live");
    }

    Process publish(String key, int seconds, String application) throws IOException {
        List<String> args = List.of(
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=320x180:rate=15",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-g",
                "15",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                "-b:a",
                "64k",
                "-f",
                "flv",
                "rtmp://127.0.0.1:" + server.port() + "/" + application + "/" + key);
        Process p = TestMedia.ffmpeg()
                .ffmpegProcess(args)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(
                        root.resolve("publisher-" + publishers.size() + ".log").toFile())
                .start();
        publishers.add(p);
        return p;
    }

    static int exitOf(Process p, int timeoutS) throws InterruptedException {
        assertThat(p.waitFor(timeoutS, TimeUnit.SECONDS)).as("publisher exits").isTrue();
        return p.exitValue();
    }

    Path hls(String streamId) {
        return sessions.liveDirectory(streamId).orElseThrow().resolve(LiveSessions.HLS_DIR);
    }

    static long segments(Path hls) {
        try (Stream<Path> files = Files.walk(hls)) {
            return files.filter(f -> f.toString().endsWith(".ts")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void anAcceptedKeyGoesLiveWritesHlsAndThumbnailsThenEndsWithARecording() throws Exception {
        start(Duration.ofSeconds(1), 2, 4);
        StreamKey key = commandSide.newStream("stream-a");
        long started = System.nanoTime();
        Process publisher = publish(key.value(), (int) (PUSH_MS / 1000));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> sessions.session("stream-a").isPresent());
        Path dir = sessions.liveDirectory("stream-a").orElseThrow();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(dir.resolve("hls/master.m3u8")) && segments(dir.resolve("hls")) > 0);
        System.out.printf("FIGURE ingest_to_first_segment_s %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(Files.readString(dir.resolve("hls/master.m3u8"))).contains("144p/index.m3u8");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dir.resolve(LiveSessions.THUMBNAIL)));

        assertThat(exitOf(publisher, 20)).isZero();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> commandSide.facts("stream-a").size() == 4);
        List<MediaFact> reported = commandSide.facts("stream-a");
        String session = ((MediaFact.WentLive) reported.get(0)).ingestSessionId();
        assertThat(reported.subList(0, 3))
                .containsExactly(
                        new MediaFact.WentLive(session, IngestProtocol.RTMP),
                        new MediaFact.IngestLost(session),
                        new MediaFact.Ended(session));
        MediaFact.RecordingReady recording = (MediaFact.RecordingReady) reported.get(3);
        // the real VOD duration: within one segment of the 6 s pushed, and of what ffprobe reads from the VOD
        assertThat(recording.durationMs()).isPositive().isCloseTo(PUSH_MS, within(SEGMENT_MS));
        String playlist = Files.readString(dir.resolve("hls/144p/index.m3u8"));
        assertThat(playlist).contains("#EXT-X-ENDLIST", "#EXT-X-PLAYLIST-TYPE:EVENT");
        String probed = TestMedia.ffprobe(List.of(
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                dir.resolve("hls/144p/index.m3u8").toString()));
        long probedMs = Math.round(Double.parseDouble(probed.trim()) * 1000);
        assertThat(probedMs).isCloseTo(PUSH_MS, within(SEGMENT_MS));
        assertThat(recording.durationMs()).isCloseTo(probedMs, within(SEGMENT_MS));
        assertThat(sessions.recording("stream-a").orElseThrow().durationMs()).isEqualTo(recording.durationMs());
        assertThat(recording.mp4Available()).isTrue();
        String mp4 = TestMedia.ffprobe(List.of(
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type",
                "-of",
                "csv=p=0",
                dir.resolve(LiveSessions.RECORDING_MP4).toString()));
        assertThat(mp4.lines()).containsExactlyInAnyOrder("video", "audio");
        PlaybackController playback = new PlaybackController(
                sessions,
                new PlaybackTokens(
                        new TokenKeyRing(List.of(new SigningKey("it", new byte[32], true))), Clock.systemUTC()),
                new AudienceCounter(Duration.ofSeconds(15), 10, System::nanoTime),
                new PlaybackProperties(1, 86400, Duration.ofSeconds(15), Duration.ofSeconds(10), 10));
        var served = playback.vodMp4("stream-a", null).block(Duration.ofSeconds(5));
        assertThat(served.getStatusCode().value()).isEqualTo(200);
        assertThat(served.getHeaders().getContentType()).hasToString("video/mp4");
        assertThat(((org.springframework.core.io.Resource) served.getBody()).contentLength())
                .isEqualTo(Files.size(dir.resolve(LiveSessions.RECORDING_MP4)));
        assertThatThrownBy(() -> playback.vodMp4("stream-nothing", null))
                .isInstanceOf(ApiProblemException.class)
                .extracting(e -> ((ApiProblemException) e).problemType())
                .isEqualTo(PlaybackController.STREAM_NOT_PLAYING);
        assertThat(sessions.sessionCount()).isZero();
        assertThat(scheduler.runningCount()).isZero();
    }

    @Test
    void aSessionThatEndsBeforeAnySegmentIsCompleteHasNoRecordingAndReportsNoneReady() throws Exception {
        start(Duration.ofSeconds(1), 2, 4);
        StreamKey key = commandSide.newStream("stream-empty");
        // a publisher that is accepted and leaves without sending any media (through the gateway RTMP and SRT share)
        PublishSink sink = sessions.publish(key.value(), IngestProtocol.RTMP, () -> {});
        Path dir = sessions.liveDirectory("stream-empty").orElseThrow();
        String session = sessions.session("stream-empty").orElseThrow().sessionId();
        sink.publisherGone();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> sessions.recordingFailures(LiveSessions.RecordingFailure.NO_MEDIA) == 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> commandSide.facts("stream-empty").size() == 3);
        assertThat(commandSide.facts("stream-empty"))
                .as("ended, but no RECORDING_READY with a duration of 0")
                .containsExactly(
                        new MediaFact.WentLive(session, IngestProtocol.RTMP),
                        new MediaFact.IngestLost(session),
                        new MediaFact.Ended(session));
        assertThat(sessions.recording("stream-empty")).isEmpty();
        assertThat(dir).as("no partial files left").doesNotExist();
        assertThat(sessions.sessionCount()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.runningCount() == 0);
    }

    @Test
    void aPublisherIsRefusedAtConnectWhileTheStreamIsFedByARelay() throws Exception {
        start(Duration.ofSeconds(1), 2, 4);
        // a relay of this worker holds the stream (before the command side has heard of it)
        StreamKey local = commandSide.newStream("stream-relayed-here");
        assertThat(sources.claim("stream-relayed-here", StreamSources.Kind.RELAY))
                .isEmpty();
        assertThat(exitOf(publish(local.value(), 3), 15)).isNotZero();
        // the command side says the stream's session is a relay's (on another worker, or paused by a restart)
        StreamKey remote = commandSide.newStream("stream-relayed-elsewhere");
        commandSide.setSession("stream-relayed-elsewhere", StreamStatus.LIVE, "relay-0123456789abcdef");
        assertThat(exitOf(publish(remote.value(), 3), 15)).isNotZero();
        assertThatThrownBy(() -> sessions.publish(remote.value(), IngestProtocol.SRT, () -> {}))
                .isInstanceOf(io.creditcast.media.command.IngestRefusedException.class)
                .hasMessageContaining("relay");

        assertThat(commandSide.allFacts()).isEmpty();
        assertThat(sessions.sessionCount()).isZero();
        assertThat(scheduler.runningCount()).isZero();
        assertThat(sources.holder("stream-relayed-here"))
                .as("the relay's claim is untouched")
                .contains(StreamSources.Kind.RELAY);
        assertThat(sources.holder("stream-relayed-elsewhere")).isEmpty();
    }

    @Test
    void anUnknownKeyIsRefusedAtPublishAndNothingRuns() throws Exception {
        start(Duration.ofSeconds(1), 2, 4);
        commandSide.newStream("stream-b");
        Process publisher = publish(StreamKey.generate("stream-b").value(), 3);
        assertThat(exitOf(publisher, 15)).isNotZero();
        Process garbageName = publish("not-a-key", 3);
        assertThat(exitOf(garbageName, 15)).isNotZero();
        StreamKey valid = commandSide.newStream("stream-b2");
        Process wrongApplication = publish(valid.value(), 3, "other-app");
        assertThat(exitOf(wrongApplication, 15)).isNotZero();
        assertThat(commandSide.allFacts()).isEmpty();
        assertThat(sessions.sessionCount()).isZero();
        assertThat(scheduler.runningCount()).isZero();
    }

    @Test
    void garbageOnThePortIsDroppedAndConnectionsPastTheLimitAreClosedAtOnce() throws Exception {
        start(Duration.ofSeconds(1), 2, 2);
        try (Socket garbage = new Socket("127.0.0.1", server.port())) {
            garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            garbage.setSoTimeout(3_000);
            assertThat(garbage.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> server.openConnections() == 0);
        try (Socket first = new Socket("127.0.0.1", server.port());
                Socket second = new Socket("127.0.0.1", server.port())) {
            await().atMost(Duration.ofSeconds(2)).until(() -> server.openConnections() == 2); // at the limit
            try (Socket third = new Socket("127.0.0.1", server.port())) { // one past it
                third.setSoTimeout(1_000);
                InputStream in = third.getInputStream();
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(server.refusedConnections()).isEqualTo(1);
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void aReconnectWithinTheGracePeriodContinuesTheSameSessionAndEncoder() throws Exception {
        start(Duration.ofSeconds(5), 2, 4);
        StreamKey key = commandSide.newStream("stream-c");
        assertThat(exitOf(publish(key.value(), 3), 20)).isZero();
        await().atMost(Duration.ofSeconds(3))
                .until(() -> commandSide.facts("stream-c").size() == 2);
        String session = sessions.session("stream-c").orElseThrow().sessionId();
        assertThat(exitOf(publish(key.value(), 3), 20)).isZero();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> commandSide.facts("stream-c").size() == 6);
        assertThat(commandSide.facts("stream-c"))
                .containsExactly(
                        new MediaFact.WentLive(session, IngestProtocol.RTMP),
                        new MediaFact.IngestLost(session),
                        new MediaFact.WentLive(session, IngestProtocol.RTMP),
                        new MediaFact.IngestLost(session),
                        new MediaFact.Ended(session),
                        commandSide.facts("stream-c").get(5));
        long durationMs =
                ((MediaFact.RecordingReady) commandSide.facts("stream-c").get(5)).durationMs();
        assertThat(durationMs).as("both connections in one recording").isGreaterThan(4_000L);
    }

    @Test
    void liveStreamsAreLimitedAtTheLimitOneMoreIsRefused() throws Exception {
        start(Duration.ofSeconds(1), 1, 4);
        StreamKey first = commandSide.newStream("stream-d");
        StreamKey second = commandSide.newStream("stream-e");
        Process atLimit = publish(first.value(), 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions.sessionCount() == 1);
        Process pastLimit = publish(second.value(), 3);
        assertThat(exitOf(pastLimit, 15)).isNotZero();
        assertThat(commandSide.facts("stream-e")).isEmpty();
        assertThat(exitOf(atLimit, 20)).isZero();
    }

    @Test
    void anEncoderThatDiesIsRestartedAndTheStreamKeepsProducingSegments() throws Exception {
        start(Duration.ofSeconds(1), 2, 4);
        StreamKey key = commandSide.newStream("stream-f");
        Process publisher = publish(key.value(), 10);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sessions.session("stream-f").isPresent());
        Path hls = hls("stream-f");
        await().atMost(Duration.ofSeconds(15)).until(() -> segments(hls) > 0);
        long pid = sessions.session("stream-f").orElseThrow().encoderPid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions.encoderRestarts() == 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sessions.session("stream-f").orElseThrow().encoderAttempts() == 2);
        long before = segments(hls);
        await().atMost(Duration.ofSeconds(10)).until(() -> segments(hls) > before);
        assertThat(exitOf(publisher, 20)).isZero();
    }

    @Test
    void aMeteredStreamPlaysOnlyWithATokenAndATakedownCutsPublisherEncoderFilesAndPlayback() throws Exception {
        start(Duration.ofSeconds(1), 2, 4);
        StreamKey key = commandSide.newStream("stream-g", AccessPolicy.METERED);
        Process publisher = publish(key.value(), 20);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> sessions.session("stream-g").isPresent());
        Path dir = sessions.liveDirectory("stream-g").orElseThrow();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> Files.exists(dir.resolve("hls/master.m3u8")) && segments(dir.resolve("hls")) > 0);

        PlaybackTokens tokens = new PlaybackTokens(
                new TokenKeyRing(List.of(new SigningKey("it", new byte[32], true))), Clock.systemUTC());
        PlaybackController playback = new PlaybackController(
                sessions,
                tokens,
                new AudienceCounter(Duration.ofSeconds(15), 10, System::nanoTime),
                new PlaybackProperties(1, 86400, Duration.ofSeconds(15), Duration.ofSeconds(10), 10));
        var request =
                MockServerHttpRequest.get("/live/stream-g/hls/master.m3u8").build();
        assertThatThrownBy(() -> playback.live("stream-g", "/hls/master.m3u8", null, request))
                .isInstanceOf(ApiProblemException.class)
                .extracting(e -> ((ApiProblemException) e).problemType())
                .isEqualTo(PlaybackController.PLAYBACK_FORBIDDEN);
        String otherStreams = tokens.sign("stream-a", Duration.ofMinutes(1));
        assertThatThrownBy(() -> playback.live("stream-g", "/hls/master.m3u8", otherStreams, request))
                .isInstanceOf(ApiProblemException.class);
        String token = tokens.sign("stream-g", Duration.ofMinutes(1));
        var master =
                playback.live("stream-g", "/hls/master.m3u8", token, request).block(Duration.ofSeconds(5));
        assertThat(master.getStatusCode().value()).isEqualTo(200);
        assertThat((String) master.getBody()).contains("144p/index.m3u8?token=" + token);
        assertThat(master.getHeaders().getCacheControl()).contains("max-age=1").contains("private");
        assertThatThrownBy(() -> playback.live("stream-g", "/../../etc/passwd", token, request))
                .isInstanceOf(ApiProblemException.class);

        commandSide.setStatus("stream-g", StreamStatus.TAKEN_DOWN);

        assertThat(exitOf(publisher, 5)).as("the publisher was cut").isNotZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir));
        assertThat(sessions.session("stream-g")).isEmpty();
        assertThatThrownBy(() -> playback.live("stream-g", "/hls/master.m3u8", token, request))
                .isInstanceOf(ApiProblemException.class)
                .extracting(e -> ((ApiProblemException) e).problemType())
                .isEqualTo(PlaybackController.STREAM_NOT_PLAYING);
        assertThat(scheduler.runningCount()).isZero();
        assertThat(commandSide.facts("stream-g")).hasSize(1); // went live only: the takedown is the command side's
        assertThat(exitOf(publish(key.value(), 2), 15))
                .as("its key is refused now")
                .isNotZero();
    }
}
