package io.creditcast.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the command service's metering API over real HTTP and prints a summary followed by FIGURE lines.
 *
 * <p>Scenarios: {@code many} spreads the viewers over {@code --creators} streams; {@code one} puts every
 * viewer on a single creator's stream (the hot-creator case). Each viewer sends intervals 0, 1, 2, ... as
 * fast as the in-flight bound allows. Exit status: 0 measured, 1 setup or run failure, 2 bad arguments.
 */
public final class MeteringBenchmark {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private MeteringBenchmark() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws InterruptedException {
        if (BenchmarkOptions.wantsHelp(args)) {
            out.print(BenchmarkOptions.USAGE);
            return 0;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("error: " + e.getMessage());
            out.print(BenchmarkOptions.USAGE);
            return EXIT_USAGE;
        }
        out.printf(
                "metering benchmark: base-url %s, viewers %d, creators %d, duration %d s, warm-up %d s,"
                        + " in-flight %d, scenario %s%n",
                options.baseUrl(),
                options.viewers(),
                options.creators(),
                options.duration().toSeconds(),
                options.warmup().toSeconds(),
                options.inFlight(),
                options.scenario().name().toLowerCase(java.util.Locale.ROOT));
        ExecutorService executor = Executors.newFixedThreadPool(options.clientThreads(), daemonThreads());
        try {
            return run(options, new MeteringApi(options.baseUrl(), options.requestTimeout(), executor), out);
        } finally {
            executor.shutdownNow();
        }
    }

    static int run(BenchmarkOptions options, MeteringApi api, PrintStream out) throws InterruptedException {
        MeteringRun run = new MeteringRun(options, api, out);
        List<ScenarioResult> results = new ArrayList<>();
        try {
            if (options.scenario().includesMany()) {
                results.add(run.run("many creators", options.creators(), false));
            }
            if (options.scenario().includesOne()) {
                results.add(run.run("one creator", 1, true));
            }
        } catch (MeteringRun.SetupException e) {
            out.println("error: " + e.getMessage());
            printResults(results, out);
            return EXIT_FAILED;
        }
        printResults(results, out);
        return 0;
    }

    private static void printResults(List<ScenarioResult> results, PrintStream out) {
        for (ScenarioResult result : results) {
            out.println();
            out.print(result.summary());
        }
        if (!results.isEmpty()) {
            out.println();
        }
        for (ScenarioResult result : results) {
            for (Figure figure : result.figures()) {
                out.println(figure.line());
            }
        }
        out.flush();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "bench-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
