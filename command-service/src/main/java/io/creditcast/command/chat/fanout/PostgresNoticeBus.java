package io.creditcast.command.chat.fanout;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Room notices between instances over PostgreSQL {@code LISTEN/NOTIFY} (no extra infrastructure).
 *
 * <ul>
 *   <li>Publishing: notices are queued (at most {@link #MAX_QUEUED_NOTICES}; past that they are dropped and
 *       counted, the caller never blocks) and sent in order by one thread, a batch per round trip. Callers
 *       publish after their commit, so another instance never hears of something that did not happen.
 *   <li>Payloads above {@link #MAX_NOTIFY_PAYLOAD_BYTES} (PostgreSQL's limit is 8000 bytes) are stored in
 *       {@code chat_notice_overflow} and only {@code ref:<id>} is notified; receivers read the row.
 *   <li>Receiving: one dedicated JDBC connection (not from the pool) {@code LISTEN}s on {@link #CHANNEL};
 *       when it breaks it is reopened with exponential backoff ({@link #RECONNECT_MIN_MS} to
 *       {@link #RECONNECT_MAX_MS}). Notices sent while it was down are lost to this instance (clients get
 *       the history again when they rejoin); once it listens again the {@link #onResubscribed} action
 *       drops what this instance may have cached on the strength of those notices.
 *   <li>An instance skips its own notices (their origin is its id): it already delivered them locally,
 *       so nothing is delivered twice.
 * </ul>
 */
public class PostgresNoticeBus implements NoticeBus, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PostgresNoticeBus.class);

    public static final String CHANNEL = "creditcast_chat";
    /** Largest payload notified inline; PostgreSQL refuses 8000 bytes and more. */
    public static final int MAX_NOTIFY_PAYLOAD_BYTES = 7_900;
    /** Notices waiting to be published; past this they are dropped (and counted). */
    public static final int MAX_QUEUED_NOTICES = 10_000;
    /** Notices sent in one round trip. */
    public static final int MAX_BATCH_NOTICES = 200;
    /** Attempts to publish one batch before it is dropped. */
    public static final int MAX_PUBLISH_ATTEMPTS = 3;

    public static final long RECONNECT_MIN_MS = 100;
    public static final long RECONNECT_MAX_MS = 5_000;
    /** How long one wait for notifications blocks (also how fast a stop is noticed). */
    public static final int LISTEN_POLL_MS = 500;
    /** How long overflow rows are kept (receivers read them within milliseconds). */
    public static final long OVERFLOW_KEEP_S = 600;

    private static final String REF = "ref:";

    private final String url;
    private final String user;
    private final String password;
    private final JdbcTemplate jdbc;
    private final NoticeCodec codec;
    private final String instanceId = UUID.randomUUID().toString();
    private final BlockingQueue<RoomNotice> outbox = new ArrayBlockingQueue<>(MAX_QUEUED_NOTICES);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile Consumer<RoomNotice> receiver = n -> {};
    private volatile Runnable resubscribed = () -> {};
    private final AtomicLong resubscriptions = new AtomicLong();
    private volatile boolean running;
    private volatile boolean listening;
    private Thread publisher;
    private Thread listener;

    public PostgresNoticeBus(String url, String user, String password, JdbcTemplate jdbc, NoticeCodec codec) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.jdbc = jdbc;
        this.codec = codec;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public void onNotice(Consumer<RoomNotice> receiver) {
        this.receiver = receiver;
    }

    @Override
    public void onResubscribed(Runnable action) {
        this.resubscribed = action;
    }

    /** How often the listening connection was reopened after it broke. */
    public long resubscriptions() {
        return resubscriptions.get();
    }

    @Override
    public void publish(RoomNotice notice) {
        if (!outbox.offer(notice)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1_000 == 0) {
                log.warn("chat notice queue full ({}): {} notices dropped so far", MAX_QUEUED_NOTICES, n);
            }
        }
    }

    /** True while the listening connection is open and subscribed. */
    public boolean listening() {
        return listening;
    }

    public long droppedNotices() {
        return dropped.get();
    }

    public long receivedNotices() {
        return received.get();
    }

    /** Deletes overflow payloads older than {@link #OVERFLOW_KEEP_S} (called periodically). */
    public void purgeOverflow() {
        jdbc.update("DELETE FROM chat_notice_overflow WHERE created_at < now() - make_interval(secs => ?)", (double)
                OVERFLOW_KEEP_S);
    }

    // ---- publishing ------------------------------------------------------------------------------

    private void publishLoop() {
        List<RoomNotice> batch = new ArrayList<>(MAX_BATCH_NOTICES);
        while (running || !outbox.isEmpty()) {
            try {
                RoomNotice first = outbox.poll(LISTEN_POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                outbox.drainTo(batch, MAX_BATCH_NOTICES - 1);
                send(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<RoomNotice> batch) throws InterruptedException {
        String[] payloads = new String[batch.size()];
        for (int attempt = 1; ; attempt++) {
            try {
                for (int i = 0; i < batch.size(); i++) {
                    payloads[i] = inlineOrReference(codec.encode(instanceId, batch.get(i)));
                }
                // one round trip; a function scan of unnest keeps the array's order, and NOTIFYs sent in
                // one transaction arrive in the order they were sent
                jdbc.query(
                        "SELECT pg_notify(?, x) FROM unnest(?::text[]) AS x",
                        ps -> {
                            ps.setString(1, CHANNEL);
                            ps.setArray(2, ps.getConnection().createArrayOf("text", payloads));
                        },
                        rs -> {});
                return;
            } catch (RuntimeException e) {
                if (attempt >= MAX_PUBLISH_ATTEMPTS) {
                    dropped.addAndGet(batch.size());
                    log.warn("chat notices could not be published; {} dropped", batch.size(), e);
                    return;
                }
                Thread.sleep(RECONNECT_MIN_MS * attempt);
            }
        }
    }

    private String inlineOrReference(String payload) {
        if (payload.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTIFY_PAYLOAD_BYTES) {
            return payload;
        }
        Long id = jdbc.queryForObject(
                "INSERT INTO chat_notice_overflow (payload) VALUES (?) RETURNING id", Long.class, payload);
        return REF + id;
    }

    // ---- receiving -------------------------------------------------------------------------------

    private void listenLoop() {
        long backoffMs = RECONNECT_MIN_MS;
        boolean listenedBefore = false;
        while (running) {
            try (Connection c = openListening()) {
                listening = true;
                backoffMs = RECONNECT_MIN_MS;
                log.info("chat fan-out listening on {} as instance {}", CHANNEL, instanceId);
                if (listenedBefore) {
                    try {
                        resubscribed.run();
                    } catch (RuntimeException e) {
                        log.warn("chat fan-out: catching up after a reconnect failed: {}", e.toString());
                    }
                    resubscriptions.incrementAndGet(); // counted once the action ran
                }
                listenedBefore = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(LISTEN_POLL_MS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification n : notifications) {
                        if (CHANNEL.equals(n.getName())) {
                            handle(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    break;
                }
                log.warn("chat fan-out connection lost; reconnecting in {} ms: {}", backoffMs, e.toString());
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    break;
                }
                backoffMs = Math.min(RECONNECT_MAX_MS, backoffMs * 2);
            } finally {
                listening = false;
            }
        }
    }

    private Connection openListening() throws SQLException {
        var props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "creditcast-chat-fanout");
        Connection c = DriverManager.getConnection(url, props);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void handle(String payload) {
        try {
            String body = payload.startsWith(REF)
                    ? jdbc.queryForObject(
                            "SELECT payload FROM chat_notice_overflow WHERE id = ?",
                            String.class,
                            Long.parseLong(payload.substring(REF.length())))
                    : payload;
            var envelope = codec.decode(body);
            if (instanceId.equals(envelope.origin()) || envelope.notice() == null) {
                return; // our own (already delivered here), or a kind this version does not know
            }
            received.incrementAndGet();
            receiver.accept(envelope.notice());
        } catch (RuntimeException e) {
            log.warn("chat notice could not be delivered: {}", e.toString());
        }
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        publisher = Thread.ofPlatform().daemon().name("chat-fanout-publish").start(this::publishLoop);
        listener = Thread.ofPlatform().daemon().name("chat-fanout-listen").start(this::listenLoop);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            publisher.join(RECONNECT_MAX_MS);
            listener.interrupt();
            listener.join(RECONNECT_MAX_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
