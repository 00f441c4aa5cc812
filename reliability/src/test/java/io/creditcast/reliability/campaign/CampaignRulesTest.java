package io.creditcast.reliability.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CampaignRulesTest {

    @Test
    void crashCyclesKillTheCommandServicePostgresAndTheQueryServiceInTurn() {
        assertThat(CrashCampaign.victim(1, true)).isEqualTo(CrashCampaign.Victim.COMMAND_SERVICE);
        assertThat(CrashCampaign.victim(2, true)).isEqualTo(CrashCampaign.Victim.POSTGRES);
        assertThat(CrashCampaign.victim(3, true)).isEqualTo(CrashCampaign.Victim.QUERY_SERVICE);
        assertThat(CrashCampaign.victim(4, true)).isEqualTo(CrashCampaign.Victim.COMMAND_SERVICE);
    }

    @Test
    void withoutAQueryServiceCrashCyclesAlternateBetweenTheCommandServiceAndPostgres() {
        assertThat(CrashCampaign.victim(1, false)).isEqualTo(CrashCampaign.Victim.COMMAND_SERVICE);
        assertThat(CrashCampaign.victim(2, false)).isEqualTo(CrashCampaign.Victim.POSTGRES);
        assertThat(CrashCampaign.victim(3, false)).isEqualTo(CrashCampaign.Victim.COMMAND_SERVICE);
    }

    @Test
    void aStripeSignatureIsTheHmacOfTimestampDotBodyUnderTheEndpointSecret() throws Exception {
        String body = "{\"id\":\"evt_1\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                io.creditcast.reliability.stack.StripeStub.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        String expected =
                HexFormat.of().formatHex(mac.doFinal(("1700000000." + body).getBytes(StandardCharsets.UTF_8)));

        assertThat(WebhookCampaign.signature(body, 1_700_000_000L)).isEqualTo("t=1700000000,v1=" + expected);
    }

    @Test
    void theOverloadCampaignOffersTwiceTheMeteringTargetByDefault() {
        assertThat(OverloadCampaign.DEFAULT_OFFERED_PER_S).isEqualTo(2 * 5_000);
        assertThat(OverloadCampaign.Options.ci(1).offeredPerS()).isEqualTo(10_000);
        assertThat(OverloadCampaign.Options.longRun(1).offeredPerS()).isEqualTo(10_000);
    }

    @Test
    void underOverloadOnly2xxAnd429Or503ProblemJsonAreAllowed() {
        assertThat(OverloadCampaign.answerViolation(200, "application/json")).isNull();
        assertThat(OverloadCampaign.answerViolation(202, "")).isNull();
        assertThat(OverloadCampaign.answerViolation(429, "application/problem+json"))
                .isNull();
        assertThat(OverloadCampaign.answerViolation(503, "application/problem+json;charset=UTF-8"))
                .isNull();
        assertThat(OverloadCampaign.answerViolation(503, "text/plain")).contains("without problem+json");
        assertThat(OverloadCampaign.answerViolation(429, "")).contains("without problem+json");
        assertThat(OverloadCampaign.answerViolation(500, "application/problem+json"))
                .contains("500");
        assertThat(OverloadCampaign.answerViolation(502, "application/problem+json"))
                .contains("502");
        assertThat(OverloadCampaign.answerViolation(404, "application/problem+json"))
                .contains("404");
    }

    @Test
    void theHealthP99IsTheValueAtTheNinetyNinthPercentile() {
        List<Long> hundred = new java.util.ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            hundred.add(i);
        }
        assertThat(OverloadCampaign.p99(hundred)).isEqualTo(99);
        assertThat(OverloadCampaign.p99(List.of(7L))).isEqualTo(7);
        assertThat(OverloadCampaign.p99(List.of())).isEqualTo(-1);
    }

    @Test
    void anOverloadNeedsAPositiveRateAndDuration() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new OverloadCampaign.Options(0, java.time.Duration.ofSeconds(1), 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new OverloadCampaign.Options(1, java.time.Duration.ZERO, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
