package io.creditcast.reliability.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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
}
