package io.creditcast.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import reactor.core.Disposable;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Chat fan-out load generator, run in its own process against started command services (see
 * scripts/bench-chat.sh): N WebSocket clients (Reactor Netty, on {@link #RECEIVER_LOOPS} event loops, so the
 * load generator takes as little of the machine's CPU as it can) join one room in waves, one more client (the
 * stream's creator) sends R messages per second whose text carries the send time, and every receipt at
 * every client is a latency sample (send → receipt, same clock). The services' CPU time comes from
 * {@code /proc/<pid>/stat}. Prints FIGURE lines.
 */
public final class ChatFanoutBenchmark {
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 1;
    /** Netty event loops shared by the receiving connections. */
    static final int RECEIVER_LOOPS = 2;
    /** Largest frame a receiver accepts (the service's frames are a few KB at most). */
    static final int MAX_FRAME_BYTES = 65_536;

    static final Duration JOIN_WAVE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    /** Latencies recorded up to this (microseconds); larger ones are clamped. */
    static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(5);

    private static final String MARK = "\"text\":\"t:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatFanoutOptions options;
    private final PrintStream out;
    private final ConcurrentHistogram latencyUs = new ConcurrentHistogram(MAX_LATENCY_US, 3);
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<Integer, AtomicInteger> closeCodes = new ConcurrentHashMap<>();

    private ChatFanoutBenchmark(ChatFanoutOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        ChatFanoutOptions options;
        try {
            options = ChatFanoutOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(ChatFanoutOptions.USAGE);
            return EXIT_USAGE;
        }
        return new ChatFanoutBenchmark(options, out).run();
    }

    private int run() throws Exception {
        out.printf(
                "chat fan-out benchmark: services %s, clients %d, rate %d msg/s, duration %d s, warm-up %d s%n",
                options.baseUrls(),
                options.clients(),
                options.ratePerS(),
                options.duration().toSeconds(),
                options.warmup().toSeconds());
        out.println("load average at start: " + loadAverage());
        List<ExecutorService> executors = new ArrayList<>();
        HttpClient setupHttp =
                HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        URI first = options.baseUrls().get(0);
        String creator = "creator-bench-" + UUID.randomUUID().toString().substring(0, 8);
        String stream = createStream(setupHttp, first, creator);
        String token = token(setupHttp, first, stream, creator);

        LoopResources loops = LoopResources.create("chat-bench-receiver", RECEIVER_LOOPS, true);
        reactor.netty.http.client.HttpClient receiverHttp = reactor.netty.http.client.HttpClient.create(
                        ConnectionProvider.newConnection())
                .runOn(loops)
                .responseTimeout(HTTP_TIMEOUT);
        List<Disposable> sockets = new ArrayList<>(options.clients());
        for (int i = 0; i < options.clients(); i++) {
            if (i > 0 && i % options.joinBatch() == 0 && !awaitWelcomed(i)) {
                out.printf(
                        "error: only %d of %d clients were welcomed within %s%n", welcomed.get(), i, JOIN_WAVE_TIMEOUT);
                return EXIT_FAILED;
            }
            URI base = options.baseUrls().get(i % options.baseUrls().size());
            sockets.add(receive(receiverHttp, wsUri(base, stream, token)));
        }
        if (!awaitWelcomed(options.clients())) {
            out.printf("error: only %d of %d clients were welcomed%n", welcomed.get(), options.clients());
            return EXIT_FAILED;
        }
        out.printf("%d clients joined%n", welcomed.get());

        // the sender has its own HTTP client and thread: its acks and echoes never wait behind receivers
        ExecutorService senderExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chat-bench-sender");
            t.setDaemon(true);
            return t;
        });
        executors.add(senderExecutor);
        HttpClient senderHttp = HttpClient.newBuilder().executor(senderExecutor).build();
        // several viewers send (a busy room's messages come from many people; one connection's frames are
        // handled one after the other by the service, so one sender alone measures that, not fan-out)
        List<WebSocket> senders = new ArrayList<>();
        for (int i = 0; i < options.senders(); i++) {
            String user =
                    "viewer-bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            fund(senderHttp, first, user);
            senders.add(senderHttp
                    .newWebSocketBuilder()
                    .buildAsync(wsUri(first, stream, token(senderHttp, first, stream, user)), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                            out.printf("a sender's connection was closed: %d %s%n", statusCode, reason);
                            return null;
                        }
                    })
                    .get(HTTP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        long warmupSent = send(senders, options.warmup());
        if (warmupSent < options.warmup().toSeconds() * options.ratePerS()) {
            out.println("error: the warm-up could not send every message");
            return EXIT_FAILED;
        }
        awaitQuiet();
        latencyUs.reset();
        deliveries.set(0);
        recording.set(true);

        var cpuStart = serviceCpuNs();
        long ownCpuStart = ownCpuNs();
        long wallStart = System.nanoTime();
        long sent = send(senders, options.duration());
        long expected = sent * options.clients();
        long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (deliveries.get() < expected && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        long wallNs = System.nanoTime() - wallStart;
        recording.set(false);
        long serviceCpuNs = serviceCpuNs() - cpuStart;
        long ownCpuNs = ownCpuNs() - ownCpuStart;

        out.println("load average at end: " + loadAverage());
        print(Figure.count("chat_clients", options.clients()));
        print(Figure.count("chat_services", options.baseUrls().size()));
        print(new Figure("chat_messages_per_s", options.ratePerS(), 0, "msg/s"));
        print(Figure.count("chat_deliveries_expected", expected));
        print(Figure.count("chat_deliveries", deliveries.get()));
        print(Figure.count("chat_clients_closed", closed.get()));
        if (!closeCodes.isEmpty()) {
            out.println("receiver closes by status code: " + closeCodes);
        }
        if (latencyUs.getTotalCount() > 0) {
            print(new Figure("chat_fanout_p50_ms", latencyUs.getValueAtPercentile(50) / 1000.0, 1, "ms"));
            print(new Figure("chat_fanout_p99_ms", latencyUs.getValueAtPercentile(99) / 1000.0, 1, "ms"));
            print(new Figure("chat_fanout_max_ms", latencyUs.getMaxValue() / 1000.0, 1, "ms"));
        }
        if (!options.servicePids().isEmpty()) {
            print(new Figure("chat_server_cpu_cores", serviceCpuNs / (double) wallNs, 2, "cores"));
        }
        print(new Figure("chat_bench_client_cpu_cores", ownCpuNs / (double) wallNs, 2, "cores"));

        senders.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        recording.set(false);
        closing.set(true);
        sockets.forEach(Disposable::dispose);
        loops.disposeLater().block(HTTP_TIMEOUT);
        executors.forEach(ExecutorService::shutdownNow);
        boolean complete = sent == options.duration().toSeconds() * options.ratePerS() && deliveries.get() == expected;
        return complete ? 0 : EXIT_FAILED;
    }

    private void print(Figure f) {
        out.println(f.line());
    }

    /** Sends at the rate for the duration, the senders taking turns; returns how many were sent. */
    private long send(List<WebSocket> senders, Duration duration) throws Exception {
        long intervalNs = 1_000_000_000L / options.ratePerS();
        long n = duration.toSeconds() * options.ratePerS();
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            long wait = start + i * intervalNs - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                senders.get((int) (i % senders.size()))
                        .sendText("{\"type\":\"message\",\"text\":\"t:" + System.nanoTime() + "\"}", true)
                        .get(HTTP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                out.printf("the sender could not send message %d: %s%n", i + 1, e.getCause());
                return i;
            }
        }
        return n;
    }

    /** Waits until no delivery arrived for a while after the warm-up (so it does not leak into the figures). */
    private void awaitQuiet() {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = deliveries.get();
            if (now == last) {
                return;
            }
            last = now;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    private boolean awaitWelcomed(int count) {
        long deadline = System.nanoTime() + JOIN_WAVE_TIMEOUT.toNanos();
        while (welcomed.get() < count) {
            if (System.nanoTime() > deadline || closed.get() > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /**
     * One receiving client on the shared event loops: counts the welcome, records a latency per sent
     * message (read on the event loop as the frame arrives), counts a close that was not asked for.
     */
    private Disposable receive(reactor.netty.http.client.HttpClient http, URI uri) {
        return http.websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(MAX_FRAME_BYTES)
                        .build())
                .uri(uri)
                .handle((in, outbound) -> {
                    in.receiveCloseStatus().subscribe(status -> closeCodes
                            .computeIfAbsent(status.code(), k -> new AtomicInteger())
                            .incrementAndGet());
                    return in.aggregateFrames(MAX_FRAME_BYTES)
                            .receiveFrames()
                            .doOnNext(frame -> {
                                if (frame instanceof TextWebSocketFrame text) {
                                    onText(System.nanoTime(), text.text());
                                }
                            })
                            .then();
                })
                .subscribe(ignored -> {}, error -> receiverGone(), this::receiverGone);
    }

    private void receiverGone() {
        if (!closing.get()) {
            closed.incrementAndGet();
        }
    }

    private void onText(long receivedNs, String text) {
        int at = text.indexOf(MARK);
        if (at > 0) {
            long sentNs = Long.parseLong(text, at + MARK.length(), text.indexOf('"', at + MARK.length()), 10);
            if (recording.get()) {
                latencyUs.recordValue(Math.min(MAX_LATENCY_US, (receivedNs - sentNs) / 1_000));
            }
            deliveries.incrementAndGet();
        } else if (text.startsWith("{\"type\":\"welcome\"")) {
            welcomed.incrementAndGet();
        }
    }

    private static URI wsUri(URI base, String stream, String token) {
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(
                scheme + "://" + base.getAuthority() + "/api/v1/streams/" + stream + "/chat/ws?token=" + token);
    }

    private static String createStream(HttpClient http, URI base, String creator) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve("/api/v1/streams"))
                .timeout(HTTP_TIMEOUT)
                .header("X-Creditcast-User", creator)
                .header("X-Creditcast-Roles", "creator")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"Chat fan-out benchmark\",\"category\":\"music\"}"))
                .build();
        return field(http.send(request, HttpResponse.BodyHandlers.ofString()), 201, "stream_id");
    }

    /** Credits for a sending viewer (chat needs a balance), through the admin adjustment endpoint. */
    private static void fund(HttpClient http, URI base, String user) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve("/api/v1/admin/wallets/" + user + "/adjustments"))
                .timeout(HTTP_TIMEOUT)
                .header("X-Creditcast-User", "admin-bench")
                .header("X-Creditcast-Roles", "admin")
                .header("Idempotency-Key", "fund-" + user)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount_minor\":1000000,\"reason\":\"chat benchmark\"}"))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("funding " + user + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String token(HttpClient http, URI base, String stream, String user) throws Exception {
        var request = HttpRequest.newBuilder(base.resolve("/api/v1/streams/" + stream + "/chat/token"))
                .timeout(HTTP_TIMEOUT)
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", user.startsWith("creator") ? "creator" : "viewer")
                .GET()
                .build();
        return field(http.send(request, HttpResponse.BodyHandlers.ofString()), 200, "token");
    }

    private static String field(HttpResponse<String> response, int status, String name) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(
                    response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        Map<?, ?> body = JSON.readValue(response.body(), Map.class);
        return (String) body.get(name);
    }

    /** CPU time (user + system) of the service processes so far, from /proc (Linux). */
    private long serviceCpuNs() throws IOException {
        long ticks = 0;
        for (long pid : options.servicePids()) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            // fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks * (1_000_000_000L / clockTicksPerS());
    }

    private static long clockTicksPerS() {
        try {
            Process p = new ProcessBuilder(List.of("getconf", "CLK_TCK")).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return 100; // Linux's USER_HZ on every common architecture
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static long ownCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
