package io.creditcast.media.ingest.srt;

import io.creditcast.media.command.IngestAuthorization;
import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.ffmpeg.FfmpegInstallation;
import io.creditcast.media.ingest.IngestGateway;
import io.creditcast.media.ingest.PublishSink;
import io.creditcast.media.ingest.StreamSources;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRT ingest. FFmpeg's SRT listener accepts one caller and cannot look at a stream key before it accepts, so a
 * creator <em>arms</em> SRT for a stream first: the worker checks the stream key with the command side, takes a
 * UDP port from its pool and starts an FFmpeg listener there that only accepts callers with a fresh random
 * passphrase (AES-256, encryption enforced: a caller without the passphrase fails the SRT handshake and never
 * reaches FFmpeg). The listener remuxes what arrives into FLV ({@code -c copy}) and the worker feeds those tags
 * into the same live session machinery as RTMP ({@link IngestGateway}), so go-live, reconnect grace, the HLS
 * ladder, takedown, recording and encoder restarts behave the same for both protocols.
 *
 * <p>A listener nobody connects to closes after {@code arm-ttl}; after a publisher leaves it listens again for
 * the reconnect grace period (a reconnect continues the session), then closes and frees its port. Arming a
 * stream that is armed already answers the same port and passphrase.
 */
public final class SrtIngest implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SrtIngest.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 24 random bytes → 32 base64url characters (SRT accepts 10..79). */
    private static final int PASSPHRASE_BYTES = 24;

    private static final int STDERR_TAIL_LINES = 20;

    private final SrtProperties properties;
    private final MediaCommandClient commandSide;
    private final IngestGateway gateway;
    private final FfmpegInstallation ffmpeg;
    private final Duration reconnectGrace;
    private final Clock clock;
    private final PortPool ports;
    private final Map<String, Listener> byStream = new HashMap<>();
    private boolean closed;

    public SrtIngest(
            SrtProperties properties,
            MediaCommandClient commandSide,
            IngestGateway gateway,
            FfmpegInstallation ffmpeg,
            Duration reconnectGrace,
            Clock clock) {
        this.properties = properties;
        this.commandSide = commandSide;
        this.gateway = gateway;
        this.ffmpeg = ffmpeg;
        this.reconnectGrace = reconnectGrace;
        this.clock = clock;
        this.ports = new PortPool(properties.portFrom(), properties.portTo());
    }

    /** What a creator puts into the encoder. */
    public record Arming(String streamId, String url, String host, int port, String passphrase, Instant expiresAt) {}

    /** No port of the pool is free. */
    public static final class NoFreePortException extends Exception {
        NoFreePortException(int ports) {
            super("all " + ports + " SRT ports of this worker are armed; try again later");
        }
    }

    /**
     * Arms SRT for the key's stream, or answers the listener already armed for it.
     *
     * @throws IngestRefusedException not a key, unknown or revoked, or the stream cannot go live
     * @throws NoFreePortException every port of the pool is armed
     */
    public Arming arm(String streamKey) throws IngestRefusedException, NoFreePortException {
        StreamKey key = StreamKey.parse(streamKey).orElseThrow(() -> new IngestRefusedException("not a stream key"));
        IngestAuthorization auth = commandSide.authorize(key.value(), IngestProtocol.SRT);
        if (!auth.streamId().equals(key.streamId())) {
            throw new IngestRefusedException("the key belongs to another stream");
        }
        if (StreamSources.isRelaySession(auth.resumeSessionId())) {
            // refused again at connect (LiveSessions); refusing here spares a listener that could never go live
            throw new IngestRefusedException("the stream is fed by a relay");
        }
        synchronized (this) {
            if (closed) {
                throw new IngestRefusedException("the worker is shutting down");
            }
            Listener existing = byStream.get(auth.streamId());
            if (existing != null && existing.key.equals(key.value())) {
                return existing.arming();
            }
            if (existing != null) {
                existing.close(); // armed with a key that was rotated since: the new key wins
            }
            OptionalInt port = ports.take();
            if (port.isEmpty()) {
                throw new NoFreePortException(ports.size());
            }
            Listener listener =
                    new Listener(auth.streamId(), key.value(), port.getAsInt(), passphrase(), clock.instant());
            byStream.put(auth.streamId(), listener);
            listener.start();
            log.info("SRT armed for stream {} on port {}", auth.streamId(), listener.port);
            return listener.arming();
        }
    }

    /** Streams armed for SRT right now (each holds a port and an FFmpeg listener). */
    public synchronized int armedCount() {
        return byStream.size();
    }

    public synchronized boolean isArmed(String streamId) {
        return byStream.containsKey(streamId);
    }

    @Override
    public void close() {
        List<Listener> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(byStream.values());
        }
        all.forEach(Listener::close);
    }

    private synchronized void released(Listener listener) {
        if (byStream.get(listener.streamId) == listener) {
            byStream.remove(listener.streamId);
        }
        ports.release(listener.port);
        log.info("SRT listener for stream {} on port {} closed", listener.streamId, listener.port);
    }

    private static String passphrase() {
        byte[] bytes = new byte[PASSPHRASE_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** FFmpeg's arguments for one listening round: SRT in (MPEG-TS), FLV out on stdout, stream copy. */
    static List<String> listenerArgs(
            String bindAddress, int port, String passphrase, Duration latency, Duration listen) {
        String url = "srt://" + bindAddress + ":" + port + "?mode=listener"
                + "&passphrase=" + passphrase
                + "&pbkeylen=32"
                + "&enforced_encryption=1"
                + "&latency=" + latency.toNanos() / 1_000 // microseconds
                + "&listen_timeout=" + Math.max(1, listen.toNanos() / 1_000);
        return List.of(
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-f",
                "mpegts",
                "-i",
                url,
                "-map",
                "0:v:0?",
                "-map",
                "0:a:0?",
                "-c",
                "copy",
                "-f",
                "flv",
                "pipe:1");
    }

    /** One armed stream: an FFmpeg listener, relaunched for reconnects until its deadline passes. */
    private final class Listener {
        final String streamId;
        final String key;
        final int port;
        final String passphrase;
        final Instant armedAt;
        private volatile Instant listenUntil;
        private volatile boolean stopped;
        private volatile Process process;
        private Thread thread;

        Listener(String streamId, String key, int port, String passphrase, Instant armedAt) {
            this.streamId = streamId;
            this.key = key;
            this.port = port;
            this.passphrase = passphrase;
            this.armedAt = armedAt;
            this.listenUntil = armedAt.plus(properties.armTtl());
        }

        Arming arming() {
            String url = "srt://" + properties.publicHost() + ":" + port + "?passphrase=" + passphrase + "&pbkeylen=32"
                    + "&latency=" + properties.latency().toNanos() / 1_000;
            return new Arming(streamId, url, properties.publicHost(), port, passphrase, listenUntil);
        }

        void start() {
            thread = Thread.ofVirtual().name("srt-" + port).start(this::run);
        }

        void close() {
            stopped = true;
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }

        private void run() {
            try {
                while (!stopped) {
                    Duration left = Duration.between(clock.instant(), listenUntil);
                    if (left.isNegative() || left.isZero()) {
                        break;
                    }
                    if (!listenOnce(left)) {
                        break;
                    }
                    // the publisher left: listen again for a reconnect within the grace period
                    listenUntil = clock.instant().plus(reconnectGrace);
                }
            } catch (RuntimeException e) {
                log.warn("SRT listener for stream {} failed", streamId, e);
            } finally {
                Process p = process;
                if (p != null) {
                    p.destroyForcibly();
                }
                released(this);
            }
        }

        /** One caller: true when a publisher came and went (listen again), false when nobody came or it was refused. */
        private boolean listenOnce(Duration listen) {
            Process p;
            try {
                p = ffmpeg.ffmpegProcess(
                                listenerArgs(properties.bindAddress(), port, passphrase, properties.latency(), listen))
                        .start();
                p.getOutputStream().close(); // -nostdin: FFmpeg reads nothing from it
            } catch (IOException e) {
                log.warn("cannot start the SRT listener for stream {}", streamId, e);
                return false;
            }
            process = p;
            if (stopped) {
                p.destroyForcibly();
                return false;
            }
            ArrayDeque<String> stderr = new ArrayDeque<>();
            Thread stderrReader = Thread.ofVirtual().start(() -> drain(p, stderr));
            FlvTagReader reader = new FlvTagReader(p.getInputStream());
            PublishSink sink = null;
            try {
                if (!reader.readHeader()) {
                    return false; // nobody connected in time (or the caller failed before sending media)
                }
                sink = gateway.publish(key, IngestProtocol.SRT, p::destroyForcibly);
                reader.pump(sink);
                return !stopped;
            } catch (IngestRefusedException e) {
                log.info("SRT publisher for stream {} refused: {}", streamId, e.getMessage());
                return false;
            } catch (IOException e) {
                log.info("SRT publisher for stream {} gone: {}", streamId, e.getMessage());
                return sink != null && !stopped;
            } finally {
                p.destroyForcibly();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                    stderrReader.join(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (sink != null) {
                    sink.publisherGone();
                }
                synchronized (stderr) {
                    if (!stderr.isEmpty()) {
                        log.debug("SRT listener for stream {} said: {}", streamId, String.join(" | ", stderr));
                    }
                }
            }
        }

        private static void drain(Process p, ArrayDeque<String> tail) {
            try (var lines = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (tail) {
                        if (tail.size() == STDERR_TAIL_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }
    }
}
