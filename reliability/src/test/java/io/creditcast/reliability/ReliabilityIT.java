package io.creditcast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.reliability.campaign.BadInputCampaign;
import io.creditcast.reliability.campaign.CrashCampaign;
import io.creditcast.reliability.campaign.DuplicateCampaign;
import io.creditcast.reliability.campaign.LimitsCampaign;
import io.creditcast.reliability.campaign.RebuildCampaign;
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
     * Every process SIGKILLed in turn (command service, PostgreSQL, query service): the event store's invariants
     * must hold exactly and the live read models must converge on the store's fold.
     */
    @Test
    @Order(5)
    void acknowledgedOperationsSurviveSigkillOfEveryProcessAndTheReadModelsConverge() throws Exception {
        CrashCampaign.Options ci = CrashCampaign.Options.ci(SEED);
        assertPassed(new CrashCampaign(
                        stack,
                        new CrashCampaign.Options(
                                CYCLES, ci.workers(), ci.viewersPerWorker(), ci.creators(), ci.upTime(), SEED))
                .run());
    }

    /** Each projection replayed from the start, once with the query service SIGKILLed mid-replay: identical. */
    @Test
    @Order(6)
    void rebuildingTheReadModelsByReplayReproducesThemExactly() throws Exception {
        assertPassed(new RebuildCampaign(stack, SEED).run());
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
