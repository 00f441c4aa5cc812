package io.creditcast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.reliability.campaign.BadInputCampaign;
import io.creditcast.reliability.campaign.CrashCampaign;
import io.creditcast.reliability.campaign.DuplicateCampaign;
import io.creditcast.reliability.campaign.LimitsCampaign;
import io.creditcast.reliability.campaign.WebhookCampaign;
import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.stack.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The short campaigns of issue 7 inside {@code mvn verify}: PostgreSQL, the command-service and the
 * query-service exec jars are started once as processes; each campaign ends in the checker and must find zero violations. The seed is
 * {@code -Dreliability.seed=N} (default: the time), printed with every report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {
    static final long SEED = Long.getLong("reliability.seed", System.currentTimeMillis());
    static final int PINGS = Integer.getInteger("reliability.pings", ReliabilityMain.CI_PINGS);
    static final int CYCLES = Integer.getInteger("reliability.cycles", 4);

    /** The crash campaign's prefix for the live read models' differences from the event store's fold. */
    static final String READ_MODEL_CHECK = "read models:";

    private static Stack stack;
    private static Path workDirectory;

    @BeforeAll
    static void startTheStack() {
        workDirectory = Path.of(System.getProperty("creditcast.reliability.work-dir", "target/reliability"));
        Path jar = Path.of(System.getProperty("creditcast.command-service.jar"));
        Path queryJar = Path.of(System.getProperty("creditcast.query-service.jar"));
        stack = Stack.start(workDirectory, jar, queryJar, ReliabilityMain.serviceArguments());
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void badInputGetsOnly4xxProblemJsonAndLeavesTheEventStoreUnchanged() throws Exception {
        assertPassed(new BadInputCampaign(stack, SEED).run());
    }

    @Test
    @Order(2)
    void rateLimitsAndBodyLimitsHoldUnderLoadAndHealthAnswers() throws Exception {
        assertPassed(new LimitsCampaign(stack, ReliabilityMain.BUDGETS, SEED).run());
    }

    @Test
    @Order(3)
    void duplicateRetriedAndReorderedPingsDebitEachIntervalExactlyOnce() throws Exception {
        assertPassed(new DuplicateCampaign(stack, DuplicateCampaign.Options.of(PINGS, SEED)).run());
    }

    @Test
    @Order(4)
    void duplicatedReorderedAndStaleWebhooksDepositAndCompensateExactlyOnce() throws Exception {
        assertPassed(new WebhookCampaign(stack, WebhookCampaign.Options.ci(SEED)).run());
    }

    /**
     * Every process SIGKILLed in turn; the event store's invariants must hold exactly. The live read models' check
     * ("read models: ...") is printed and counted but does not fail this short version: the live projections are
     * known to miss events under concurrent appends (an open bug, docs/reliability.md, issues 5 and 7); the long
     * run ({@code scripts/reliability.sh --long}) and the rebuild campaign ({@code --campaigns rebuild}) fail on it.
     */
    @Test
    @Order(5)
    void acknowledgedOperationsSurviveSigkillOfEveryProcessWithTheEventStoreExact() throws Exception {
        CrashCampaign.Options ci = CrashCampaign.Options.ci(SEED);
        CheckReport report = new CrashCampaign(
                        stack,
                        new CrashCampaign.Options(
                                CYCLES, ci.workers(), ci.viewersPerWorker(), ci.creators(), ci.upTime(), SEED))
                .run();
        List<String> readModels = report.violations().stream()
                .filter(v -> v.startsWith(READ_MODEL_CHECK))
                .toList();
        readModels.stream().limit(50).forEach(v -> System.out.println("READ-MODEL DIFFERENCE (open bug) crash: " + v));
        String figure = "FIGURE crash_read_model_differences " + readModels.size();
        System.out.println(figure);
        Files.write(
                workDirectory.resolve("figures.txt"),
                List.of(figure),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertPassed(new CheckReport(
                report.campaign(),
                report.operations(),
                report.faults(),
                report.violations().stream()
                        .filter(v -> !v.startsWith(READ_MODEL_CHECK))
                        .toList(),
                report.seed()));
    }

    private static void assertPassed(CheckReport report) throws Exception {
        report.print(System.out);
        Files.write(
                workDirectory.resolve("figures.txt"),
                report.figureLines(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertThat(report.violations())
                .as("violations of campaign %s (reproduce with -Dreliability.seed=%d)", report.campaign(), SEED)
                .isEqualTo(List.of());
    }
}
