package io.creditcast.reliability;

import io.creditcast.reliability.campaign.BadInputCampaign;
import io.creditcast.reliability.campaign.CrashCampaign;
import io.creditcast.reliability.campaign.DuplicateCampaign;
import io.creditcast.reliability.campaign.LimitsCampaign;
import io.creditcast.reliability.campaign.OverloadCampaign;
import io.creditcast.reliability.campaign.RebuildCampaign;
import io.creditcast.reliability.campaign.WebhookCampaign;
import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.stack.Stack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs the campaigns against a stack it starts itself (PostgreSQL and the command-service exec jar as
 * processes, and the query-service exec jar when {@code --query-jar} is given), prints each campaign's seed,
 * violations and FIGURE lines, and exits 1 on any violation.
 *
 * <pre>
 * java -jar reliability-all.jar --jar command-service-exec.jar [--query-jar query-service-exec.jar] [--long]
 *     [--seed N] [--campaigns crash,duplicates] [--pings N] [--cycles N] [--work-dir DIR]
 *     [--overload-rate REQUESTS_PER_S] [--overload-seconds S]
 * </pre>
 */
public final class ReliabilityMain {
    static final List<String> ALL =
            List.of("bad_input", "limits", "overload", "duplicates", "webhooks", "crash", "rebuild");
    /** Campaigns that need the query service (skipped, with a message, without {@code --query-jar}). */
    static final Set<String> NEED_QUERY_SERVICE = Set.of("rebuild");
    /** CI size of the duplicate campaign (issue 7 §2: 100k in CI, 1M in the long run). */
    public static final int CI_PINGS = 100_000;

    public static final int LONG_PINGS = 1_000_000;
    /** The budgets the harness starts the command service with (limits campaign checks them). */
    public static final LimitsCampaign.Budgets BUDGETS = new LimitsCampaign.Budgets(600, 2_000, 1_000);

    private ReliabilityMain() {}

    /** The run's settings. */
    public record Options(
            Path jar,
            Path queryJar,
            Path workDirectory,
            long seed,
            boolean longRun,
            Set<String> campaigns,
            int pings,
            int cycles,
            int overloadPerS,
            int overloadSeconds) {}

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        List<CheckReport> reports = run(options);
        boolean passed = reports.stream().allMatch(CheckReport::passed);
        System.out.println("reliability: seed " + options.seed() + (passed ? " PASSED" : " FAILED"));
        reports.forEach(r -> r.figureLines().forEach(System.out::println));
        System.exit(passed ? 0 : 1);
    }

    public static List<String> serviceArguments() {
        return List.of(
                // the campaigns act as users through security-support's explicit dev-headers mode
                "--creditcast.security.mode=dev-headers",
                "--creditcast.rate-limits.reads-per-minute=" + BUDGETS.readsPerMinute(),
                "--creditcast.rate-limits.writes-per-minute=" + BUDGETS.writesPerMinute(),
                "--creditcast.rate-limits.pings-per-minute=" + BUDGETS.pingsPerMinute());
    }

    public static List<CheckReport> run(Options options) throws Exception {
        List<CheckReport> reports = new ArrayList<>();
        try (Stack stack =
                Stack.start(options.workDirectory(), options.jar(), options.queryJar(), serviceArguments())) {
            for (String campaign : ALL) {
                if (!options.campaigns().contains(campaign)) {
                    continue;
                }
                if (NEED_QUERY_SERVICE.contains(campaign) && !stack.hasQueryService()) {
                    System.out.println("campaign " + campaign + " skipped: no --query-jar given");
                    continue;
                }
                CheckReport report =
                        switch (campaign) {
                            case "bad_input" -> new BadInputCampaign(stack, options.seed()).run();
                            case "limits" -> new LimitsCampaign(stack, BUDGETS, options.seed()).run();
                            case "overload" -> new OverloadCampaign(stack, overloadOptions(options)).run();
                            case "duplicates" ->
                                new DuplicateCampaign(
                                                stack, DuplicateCampaign.Options.of(options.pings(), options.seed()))
                                        .run();
                            case "webhooks" ->
                                new WebhookCampaign(
                                                stack,
                                                options.longRun()
                                                        ? WebhookCampaign.Options.longRun(options.seed())
                                                        : WebhookCampaign.Options.ci(options.seed()))
                                        .run();
                            case "rebuild" -> new RebuildCampaign(stack, options.seed()).run();
                            case "crash" ->
                                new CrashCampaign(
                                                stack,
                                                withCycles(
                                                        options.longRun()
                                                                ? CrashCampaign.Options.longRun(options.seed())
                                                                : CrashCampaign.Options.ci(options.seed()),
                                                        options.cycles()))
                                        .run();
                            default -> throw new IllegalArgumentException("unknown campaign " + campaign);
                        };
                report.print(System.out);
                reports.add(report);
            }
        }
        return reports;
    }

    /** The overload campaign's CI or long size, with {@code --overload-rate} and {@code --overload-seconds}. */
    static OverloadCampaign.Options overloadOptions(Options options) {
        OverloadCampaign.Options o = options.longRun()
                ? OverloadCampaign.Options.longRun(options.seed())
                : OverloadCampaign.Options.ci(options.seed());
        return new OverloadCampaign.Options(
                options.overloadPerS() > 0 ? options.overloadPerS() : o.offeredPerS(),
                options.overloadSeconds() > 0 ? java.time.Duration.ofSeconds(options.overloadSeconds()) : o.duration(),
                o.viewers(),
                o.creators(),
                o.seed());
    }

    private static CrashCampaign.Options withCycles(CrashCampaign.Options o, int cycles) {
        return cycles <= 0
                ? o
                : new CrashCampaign.Options(
                        cycles, o.workers(), o.viewersPerWorker(), o.creators(), o.upTime(), o.seed());
    }

    static Options parse(String[] args) {
        Path jar = null;
        Path queryJar = null;
        Path work = Path.of("target", "reliability");
        long seed = System.currentTimeMillis();
        boolean longRun = false;
        Set<String> campaigns = Set.copyOf(ALL);
        int pings = -1;
        int cycles = -1;
        int overloadPerS = -1;
        int overloadSeconds = -1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--long" -> longRun = true;
                case "--jar" -> jar = Path.of(value(args, ++i, arg));
                case "--query-jar" -> queryJar = Path.of(value(args, ++i, arg));
                case "--work-dir" -> work = Path.of(value(args, ++i, arg));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, arg));
                case "--campaigns" -> campaigns = Set.of(value(args, ++i, arg).split(","));
                case "--pings" -> pings = Integer.parseInt(value(args, ++i, arg));
                case "--cycles" -> cycles = Integer.parseInt(value(args, ++i, arg));
                case "--overload-rate" -> overloadPerS = Integer.parseInt(value(args, ++i, arg));
                case "--overload-seconds" -> overloadSeconds = Integer.parseInt(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (jar == null) {
            throw new IllegalArgumentException("--jar <command-service exec jar> is required");
        }
        if (pings < 0) {
            pings = longRun ? LONG_PINGS : CI_PINGS;
        }
        if (cycles < 0 && longRun) {
            cycles = CrashCampaign.Options.longRun(seed).cycles();
        }
        return new Options(jar, queryJar, work, seed, longRun, campaigns, pings, cycles, overloadPerS, overloadSeconds);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
