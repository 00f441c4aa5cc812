package io.creditcast.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options of {@link MeteringBenchmark}. Every option has a written-down default and a limit.
 *
 * <p>Accepted forms: {@code --name value} and {@code --name=value}.
 */
record BenchmarkOptions(
        URI baseUrl,
        int viewers,
        int creators,
        Duration duration,
        Duration warmup,
        int inFlight,
        ScenarioSelection scenario,
        long seedCreditsMinor,
        Duration requestTimeout,
        int clientThreads,
        long maxIntervalIndex) {

    static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";
    static final int DEFAULT_VIEWERS = 2_000;
    static final int DEFAULT_CREATORS = 200;
    static final int DEFAULT_DURATION_S = 30;
    static final int DEFAULT_WARMUP_S = 5;
    static final int DEFAULT_IN_FLIGHT = 64;
    static final long DEFAULT_SEED_CREDITS_MINOR = 1_000_000L;
    static final int DEFAULT_REQUEST_TIMEOUT_S = 10;
    /** The metering API accepts interval indexes 0..8,639: one day of 10-second intervals per session. */
    static final long DEFAULT_MAX_INTERVAL_INDEX = 8_639L;

    static final int MAX_VIEWERS = 1_000_000;
    static final int MAX_IN_FLIGHT = 4_096;
    static final int MAX_DURATION_S = 24 * 3_600;
    static final int MAX_CLIENT_THREADS = 256;

    static final String USAGE =
            """
            Usage: java -jar bench-all.jar [options]
              --base-url URL            command service base URL (default %s)
              --viewers N               simulated viewers, one viewing session each (default %d)
              --creators N              creators (one stream each) in the 'many' scenario (default %d)
              --duration-s S            measured seconds per scenario (default %d)
              --warmup-s S              warm-up seconds per scenario, not measured (default %d)
              --in-flight N             bound on concurrent requests (default %d)
              --scenario many|one|both  'many' = --creators streams, 'one' = a single creator (default both)
              --seed-credits-minor N    credits given to each viewer before the run (default %d)
              --request-timeout-s S     per-request timeout, counted as a transport error (default %d)
              --client-threads N        HTTP client threads for the setup calls (default: available processors)
              --max-interval-index N    a viewer stops after this interval; the API caps it (default %d)
              --help                    print this text
            """
                    .formatted(
                            DEFAULT_BASE_URL,
                            DEFAULT_VIEWERS,
                            DEFAULT_CREATORS,
                            DEFAULT_DURATION_S,
                            DEFAULT_WARMUP_S,
                            DEFAULT_IN_FLIGHT,
                            DEFAULT_SEED_CREDITS_MINOR,
                            DEFAULT_REQUEST_TIMEOUT_S,
                            DEFAULT_MAX_INTERVAL_INDEX);

    private static final List<String> KNOWN = List.of(
            "base-url",
            "viewers",
            "creators",
            "duration-s",
            "warmup-s",
            "in-flight",
            "scenario",
            "seed-credits-minor",
            "request-timeout-s",
            "client-threads",
            "max-interval-index");

    BenchmarkOptions {
        if (baseUrl == null
                || baseUrl.getScheme() == null
                || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("--base-url must be an http(s) URL with a host, got " + baseUrl);
        }
        requireBetween("viewers", viewers, 1, MAX_VIEWERS);
        requireBetween("creators", creators, 1, MAX_VIEWERS);
        requireBetween("in-flight", inFlight, 1, MAX_IN_FLIGHT);
        requireBetween("client-threads", clientThreads, 1, MAX_CLIENT_THREADS);
        if (duration.isNegative() || duration.isZero() || duration.toSeconds() > MAX_DURATION_S) {
            throw new IllegalArgumentException("--duration-s must be in 1.." + MAX_DURATION_S);
        }
        if (warmup.isNegative() || warmup.toSeconds() > MAX_DURATION_S) {
            throw new IllegalArgumentException("--warmup-s must be in 0.." + MAX_DURATION_S);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("--request-timeout-s must be positive");
        }
        if (seedCreditsMinor <= 0) {
            throw new IllegalArgumentException("--seed-credits-minor must be positive");
        }
        if (maxIntervalIndex < 0) {
            throw new IllegalArgumentException("--max-interval-index must not be negative");
        }
        if (scenario == null) {
            throw new IllegalArgumentException("--scenario is required");
        }
        String path = baseUrl.getPath();
        if (path != null && path.endsWith("/")) {
            baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        }
    }

    static BenchmarkOptions defaults() {
        return parse(new String[0]);
    }

    /** Parses the arguments; throws {@link IllegalArgumentException} with a readable message on bad input. */
    static BenchmarkOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("option --" + name + " given twice");
            }
        }
        return new BenchmarkOptions(
                parseUri(values.getOrDefault("base-url", DEFAULT_BASE_URL)),
                parseInt(values, "viewers", DEFAULT_VIEWERS),
                parseInt(values, "creators", DEFAULT_CREATORS),
                Duration.ofSeconds(parseInt(values, "duration-s", DEFAULT_DURATION_S)),
                Duration.ofSeconds(parseInt(values, "warmup-s", DEFAULT_WARMUP_S)),
                parseInt(values, "in-flight", DEFAULT_IN_FLIGHT),
                ScenarioSelection.parse(values.getOrDefault("scenario", "both")),
                parseLong(values, "seed-credits-minor", DEFAULT_SEED_CREDITS_MINOR),
                Duration.ofSeconds(parseInt(values, "request-timeout-s", DEFAULT_REQUEST_TIMEOUT_S)),
                parseInt(
                        values,
                        "client-threads",
                        Math.min(MAX_CLIENT_THREADS, Runtime.getRuntime().availableProcessors())),
                parseLong(values, "max-interval-index", DEFAULT_MAX_INTERVAL_INDEX));
    }

    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Which scenarios a run executes. */
    enum ScenarioSelection {
        MANY,
        ONE,
        BOTH;

        static ScenarioSelection parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--scenario must be many, one or both, got '" + text + "'");
            }
        }

        boolean includesMany() {
            return this == MANY || this == BOTH;
        }

        boolean includesOne() {
            return this == ONE || this == BOTH;
        }
    }

    private static URI parseUri(String text) {
        try {
            return URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--base-url is not a URL: '" + text + "'");
        }
    }

    private static int parseInt(Map<String, String> values, String name, int defaultValue) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static long parseLong(Map<String, String> values, String name, long defaultValue) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + text + "'");
        }
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
