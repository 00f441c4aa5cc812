package io.creditcast.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@link ChatFanoutBenchmark}, each with a bound.
 *
 * @param baseUrls one or more running command services (clients are spread over them round-robin; the
 *     sender and the stream use the first)
 * @param clients receiving WebSocket clients in the one room
 * @param ratePerS messages sent per second (by one sender)
 * @param duration the measured sending period
 * @param warmup sending before the measurement (not recorded)
 * @param joinBatch clients connecting at once (a crowd arrives in waves)
 * @param senders viewers sending, taking turns (the rate is their sum)
 * @param servicePids process ids of the services, for their CPU time ({@code /proc/<pid>/stat}); may be empty
 */
record ChatFanoutOptions(
        List<URI> baseUrls,
        int clients,
        int ratePerS,
        Duration duration,
        Duration warmup,
        int joinBatch,
        int senders,
        List<Long> servicePids) {

    static final int MAX_CLIENTS = 20_000;
    static final int MAX_RATE_PER_S = 1_000;
    static final int MAX_DURATION_S = 600;
    static final int MAX_JOIN_BATCH = 1_000;
    static final int MAX_SERVICES = 8;
    static final int MAX_SENDERS = 100;

    static final String USAGE =
            """
            usage: ChatFanoutBenchmark --base-url URL[,URL...] [options]
              --clients N        receiving clients in one room (1..%d, default 2000)
              --rate N           messages per second from one sender (1..%d, default 50)
              --duration-s N     measured seconds (1..%d, default 20)
              --warmup-s N       seconds sent before measuring (0..%d, default 3)
              --join-batch N     clients connecting at once (1..%d, default 100)
              --senders N        viewers sending in turns, the rate is their sum (1..%d, default 5)
              --service-pids P   comma-separated pids of the service JVMs (their CPU time is reported)
            The services must allow that many connections per user and per IP and that send rate
            (scripts/bench-chat.sh starts them so).
            """
                    .formatted(
                            MAX_CLIENTS, MAX_RATE_PER_S, MAX_DURATION_S, MAX_DURATION_S, MAX_JOIN_BATCH, MAX_SENDERS);

    ChatFanoutOptions {
        if (baseUrls.isEmpty() || baseUrls.size() > MAX_SERVICES) {
            throw new IllegalArgumentException("--base-url takes 1.." + MAX_SERVICES + " URLs");
        }
        within("--clients", clients, 1, MAX_CLIENTS);
        within("--rate", ratePerS, 1, MAX_RATE_PER_S);
        within("--duration-s", duration.toSeconds(), 1, MAX_DURATION_S);
        within("--warmup-s", warmup.toSeconds(), 0, MAX_DURATION_S);
        within("--join-batch", joinBatch, 1, MAX_JOIN_BATCH);
        within("--senders", senders, 1, MAX_SENDERS);
        baseUrls = List.copyOf(baseUrls);
        servicePids = List.copyOf(servicePids);
    }

    private static void within(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    static ChatFanoutOptions parse(String[] args) {
        List<URI> urls = new ArrayList<>();
        int clients = 2_000;
        int rate = 50;
        long durationS = 20;
        long warmupS = 3;
        int joinBatch = 100;
        int senders = 5;
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--base-url" -> {
                    for (String u : value.split(",")) {
                        urls.add(URI.create(u.strip()));
                    }
                }
                case "--clients" -> clients = integer(name, value);
                case "--rate" -> rate = integer(name, value);
                case "--duration-s" -> durationS = integer(name, value);
                case "--warmup-s" -> warmupS = integer(name, value);
                case "--join-batch" -> joinBatch = integer(name, value);
                case "--senders" -> senders = integer(name, value);
                case "--service-pids" -> {
                    for (String p : value.split(",")) {
                        if (!p.isBlank()) {
                            pids.add(Long.parseLong(p.strip()));
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new ChatFanoutOptions(
                urls,
                clients,
                rate,
                Duration.ofSeconds(durationS),
                Duration.ofSeconds(warmupS),
                joinBatch,
                senders,
                pids);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, got " + value);
        }
    }
}
