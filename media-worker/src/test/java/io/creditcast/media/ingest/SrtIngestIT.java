package io.creditcast.media.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.creditcast.media.TestMedia;
import io.creditcast.media.command.FactReporter;
import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.media.command.MediaFact;
import io.creditcast.media.ingest.srt.SrtIngest;
import io.creditcast.media.ingest.srt.SrtProperties;
import io.creditcast.media.playback.AudienceCounter;
import io.creditcast.media.playback.PlaybackController;
import io.creditcast.media.playback.PlaybackProperties;
import io.creditcast.media.playback.PlaybackTokens;
import io.creditcast.media.problem.ApiProblemException;
import io.creditcast.media.transcode.FfmpegLauncher;
import io.creditcast.media.transcode.PipedInputs;
import io.creditcast.media.transcode.RestartPolicy;
import io.creditcast.media.transcode.TranscodeScheduler;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamKey;
import io.creditcast.stream.StreamStatus;
import io.creditcast.token.SigningKey;
import io.creditcast.token.TokenKeyRing;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real bundled FFmpeg publishes a small test pattern over SRT (AES-256, passphrase from arming) to a listener
 * the worker armed; the worker's live encoder (one 144p rung + audio, ultrafast) writes HLS. The command side is a
 * recording fake. Mirrors {@link RtmpIngestIT}.
 */
class SrtIngestIT {
    @TempDir
    Path root;

    RecordingCommandClient commandSide = new RecordingCommandClient();
    TranscodeScheduler scheduler;
    FactReporter facts;
    LiveSessions sessions;
    SrtIngest srt;
    final List<Process> publishers = new ArrayList<>();

    void start(int ports) throws IOException {
        start(ports, Duration.ofSeconds(1));
    }

    void start(int ports, Duration grace) throws IOException {
        PipedInputs pipes = new PipedInputs();
        scheduler = new TranscodeScheduler(
                pipes.around(FfmpegLauncher.using(TestMedia.ffmpeg(), 200)),
                new TranscodeScheduler.Limits(2, 0, Duration.ofSeconds(3)),
                new RestartPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofMinutes(1)));
        facts = new FactReporter(commandSide, 1, Duration.ofMillis(10), 100);
        IngestProperties properties = new IngestProperties(
                root.resolve("live"),
                grace,
                2,
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                1,
                90,
                false,
                Duration.ofSeconds(30),
                new IngestProperties.Rtmp(
                        false, "127.0.0.1", 0, "live", 4, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        sessions = new LiveSessions(commandSide, facts, scheduler, pipes, RtmpIngestIT.SMALL, properties);
        int portFrom = freeUdpPorts(ports);
        srt = new SrtIngest(
                new SrtProperties(
                        true,
                        "127.0.0.1",
                        "127.0.0.1",
                        portFrom,
                        portFrom + ports - 1,
                        Duration.ofSeconds(30),
                        Duration.ofMillis(120)),
                commandSide,
                sessions,
                TestMedia.ffmpeg(),
                grace,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        publishers.forEach(Process::destroyForcibly);
        if (srt != null) {
            srt.close();
            sessions.close();
            scheduler.close();
            facts.close();
        }
    }

    /** The first of {@code count} consecutive UDP ports that were free on 127.0.0.1 a moment ago. */
    static int freeUdpPorts(int count) throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 50; attempt++) {
            List<DatagramSocket> held = new ArrayList<>();
            try (DatagramSocket first = new DatagramSocket(0, loopback)) {
                int base = first.getLocalPort();
                if (base + count - 1 > 65_535) {
                    continue;
                }
                try {
                    for (int i = 1; i < count; i++) {
                        held.add(new DatagramSocket(base + i, loopback));
                    }
                    return base;
                } catch (SocketException taken) {
                    // try another base
                } finally {
                    held.forEach(DatagramSocket::close);
                }
            }
        }
        throw new SocketException("no " + count + " consecutive free UDP ports");
    }

    /** {@code seconds} of a 320x180 15 fps pattern with a tone as MPEG-TS over SRT, like OBS would send it. */
    Process publish(String srtUrl, int seconds) throws IOException {
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
                "mpegts",
                srtUrl);
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

    static List<Path> segments(Path hls) {
        try (Stream<Path> files = Files.walk(hls)) {
            return files.filter(f -> f.toString().endsWith(".ts")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code codec_name,codec_type} of every stream in a segment, as ffprobe reads it. */
    static List<String> probe(Path segment) throws IOException {
        return TestMedia.ffprobe(List.of(
                        "-v",
                        "error",
                        "-show_entries",
                        "stream=codec_name,codec_type",
                        "-of",
                        "csv=p=0",
                        segment.toString()))
                .lines()
                .filter(line -> !line.isBlank())
                .toList();
    }

    static String withPassphrase(String url, String passphrase) {
        return url.replaceFirst("passphrase=[^&]*", "passphrase=" + passphrase);
    }

    @Test
    void anArmedStreamGoesLiveOverSrtWithPlayableSegmentsAndEndsAfterTheGracePeriod() throws Exception {
        start(1);
        StreamKey key = commandSide.newStream("stream-a");
        SrtIngest.Arming arming = srt.arm(key.value());
        assertThat(arming.url()).startsWith("srt://127.0.0.1:" + arming.port() + "?passphrase=");
        assertThat(arming.passphrase()).hasSizeBetween(10, 79);
        assertThat(srt.arm(key.value()))
                .as("arming again answers the same listener")
                .isEqualTo(arming);

        long started = System.nanoTime();
        Process publisher = publish(arming.url(), 8);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessions.session("stream-a").isPresent());
        Path dir = sessions.liveDirectory("stream-a").orElseThrow();
        Path hls = dir.resolve(LiveSessions.HLS_DIR);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(hls.resolve("master.m3u8"))
                        && !segments(hls).isEmpty());
        System.out.printf("FIGURE srt_ingest_to_first_segment_s %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(Files.readString(hls.resolve("master.m3u8"))).contains("144p/index.m3u8");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !segments(hls.resolve("144p")).isEmpty());
        assertThat(probe(segments(hls.resolve("144p")).getFirst())).contains("h264,video");
        Path audioSegment = segments(hls).stream()
                .filter(f -> !f.startsWith(hls.resolve("144p")))
                .findFirst()
                .orElseThrow();
        assertThat(probe(audioSegment)).contains("aac,audio");

        assertThat(exitOf(publisher, 25)).isZero();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> commandSide.facts("stream-a").size() == 4);
        List<MediaFact> reported = commandSide.facts("stream-a");
        String session = ((MediaFact.WentLive) reported.get(0)).ingestSessionId();
        assertThat(reported.subList(0, 3))
                .containsExactly(
                        new MediaFact.WentLive(session, IngestProtocol.SRT),
                        new MediaFact.IngestLost(session),
                        new MediaFact.Ended(session));
        assertThat(((MediaFact.RecordingReady) reported.get(3)).durationMs()).isBetween(5_000L, 10_000L);
        PlaybackController playback = new PlaybackController(
                sessions,
                new PlaybackTokens(
                        new TokenKeyRing(List.of(new SigningKey("it", new byte[32], true))), Clock.systemUTC()),
                new AudienceCounter(Duration.ofSeconds(15), 10, System::nanoTime),
                new PlaybackProperties(1, 86400, Duration.ofSeconds(15), Duration.ofSeconds(10), 10));
        assertThat(playback.vod("stream-a", "/master.m3u8", null).block(Duration.ofSeconds(5)))
                .extracting(r -> r.getStatusCode().value())
                .isEqualTo(200);
        assertThatThrownBy(() -> playback.vodMp4("stream-a", null))
                .as("recording-mp4 is off here")
                .isInstanceOf(ApiProblemException.class)
                .extracting(e -> ((ApiProblemException) e).problemType())
                .isEqualTo(PlaybackController.RECORDING_MP4_NOT_AVAILABLE);
        await().atMost(Duration.ofSeconds(10)).until(() -> srt.armedCount() == 0);
        assertThat(scheduler.runningCount()).isZero();
    }

    @Test
    void aCallerWithAWrongPassphraseOrNoneNeverGoesLiveAndTheRightOneStillDoes() throws Exception {
        start(1);
        StreamKey key = commandSide.newStream("stream-b");
        SrtIngest.Arming arming = srt.arm(key.value());

        Process wrong = publish(withPassphrase(arming.url(), "not-the-passphrase-0123456789"), 3);
        assertThat(exitOf(wrong, 20)).isNotZero();
        Process none = publish("srt://127.0.0.1:" + arming.port() + "?latency=120000", 3);
        assertThat(exitOf(none, 20)).isNotZero();
        assertThat(sessions.sessionCount()).isZero();
        assertThat(commandSide.facts("stream-b")).isEmpty();
        assertThat(srt.isArmed("stream-b"))
                .as("still waiting for the right caller")
                .isTrue();

        Process right = publish(arming.url(), 4);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sessions.session("stream-b").isPresent());
        assertThat(exitOf(right, 20)).isZero();
    }

    @Test
    void aReconnectWithinTheGracePeriodContinuesTheSameSessionOnTheSameUrl() throws Exception {
        start(1, Duration.ofSeconds(6));
        StreamKey key = commandSide.newStream("stream-r");
        SrtIngest.Arming arming = srt.arm(key.value());
        assertThat(exitOf(publish(arming.url(), 3), 20)).isZero();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> commandSide.facts("stream-r").size() == 2);
        String session = sessions.session("stream-r").orElseThrow().sessionId();
        assertThat(srt.isArmed("stream-r"))
                .as("listening again for the reconnect")
                .isTrue();
        assertThat(exitOf(publish(arming.url(), 3), 20)).isZero();
        await().atMost(Duration.ofSeconds(25))
                .until(() -> commandSide.facts("stream-r").size() == 6);
        assertThat(commandSide.facts("stream-r").subList(0, 5))
                .containsExactly(
                        new MediaFact.WentLive(session, IngestProtocol.SRT),
                        new MediaFact.IngestLost(session),
                        new MediaFact.WentLive(session, IngestProtocol.SRT),
                        new MediaFact.IngestLost(session),
                        new MediaFact.Ended(session));
        await().atMost(Duration.ofSeconds(10)).until(() -> srt.armedCount() == 0);
    }

    @Test
    void anUnknownOrRevokedKeyIsRefusedAtArmingAndNothingListens() throws Exception {
        start(2);
        StreamKey revoked = commandSide.newStream("stream-c");
        commandSide.newStream("stream-c"); // the key is rotated: the old one is revoked
        assertThatThrownBy(() -> srt.arm(revoked.value())).isInstanceOf(IngestRefusedException.class);
        assertThatThrownBy(() -> srt.arm(StreamKey.generate("stream-c").value()))
                .as("a key the stream never had")
                .isInstanceOf(IngestRefusedException.class);
        assertThatThrownBy(() -> srt.arm("not-a-key")).isInstanceOf(IngestRefusedException.class);
        StreamKey ended = commandSide.newStream("stream-d");
        commandSide.setStatus("stream-d", StreamStatus.ENDED);
        assertThatThrownBy(() -> srt.arm(ended.value())).isInstanceOf(IngestRefusedException.class);
        StreamKey relayed = commandSide.newStream("stream-r");
        commandSide.setSession("stream-r", StreamStatus.LIVE, "relay-0123456789abcdef");
        assertThatThrownBy(() -> srt.arm(relayed.value()))
                .as("a stream fed by a relay")
                .isInstanceOf(IngestRefusedException.class)
                .hasMessageContaining("relay");
        assertThat(srt.armedCount()).isZero();
    }

    @Test
    void armedStreamsAreLimitedByThePortPoolAtTheLimitOneMoreIsRefused() throws Exception {
        start(1);
        StreamKey first = commandSide.newStream("stream-e");
        StreamKey second = commandSide.newStream("stream-f");
        srt.arm(first.value()); // at the limit
        assertThatThrownBy(() -> srt.arm(second.value())) // one past it
                .isInstanceOf(SrtIngest.NoFreePortException.class);
        assertThat(srt.armedCount()).isEqualTo(1);
    }
}
