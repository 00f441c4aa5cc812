package io.creditcast.command.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.payment.webhook.WebhookInbox;
import io.creditcast.command.support.Api;
import io.creditcast.command.support.CommandServiceTest;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackRecorded;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackReversed;
import io.creditcast.ledger.wallet.WalletEvent.DepositRefunded;
import io.creditcast.ledger.wallet.WalletEvent.WalletFlagged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Stripe webhooks end to end: checkout through stripe-java against the local stub, then signed
 * events into /webhooks/stripe, processed from the durable inbox into the Wallet aggregate.
 */
@CommandServiceTest
class StripeWebhooksAgainstLocalStripeStubIT extends PaymentsItBase {
    private static final String PROBLEM = "https://creditcast.io/problems/";
    private static final int MAX_BODY_BYTES = 65_536;

    @Autowired
    WebhookInbox inbox;

    String user;
    String priceId;
    Map<?, ?> payment;
    String paymentId;

    @BeforeEach
    void aPendingPayment() {
        user = Api.unique("buyer");
        priceId = createPrice(Api.unique("p").toLowerCase(), 500, 500, "USD", true);
        payment = checkout(user, priceId);
        paymentId = (String) payment.get("payment_id");
    }

    @Test
    void a_completed_checkout_deposits_the_credits_once_and_shows_in_the_admin_list() {
        String event = completed(Api.unique("evt"), payment, "paid", "pi_" + paymentId);
        stripeWebhook(event)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.duplicate")
                .isEqualTo(false);
        awaitBalance(user, 500);
        assertThat(deposits(user)).isEqualTo(1);
        await("payment succeeded", Duration.ofSeconds(5), () -> "SUCCEEDED".equals(paymentStatus(paymentId)));
        client.get()
                .uri("/api/v1/admin/payments?provider=stripe&status=succeeded&user_id=" + user)
                .header("X-Creditcast-User", "admin-1")
                .header("X-Creditcast-Roles", "admin")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].payment_id")
                .isEqualTo(paymentId)
                .jsonPath("$.items[0].status")
                .isEqualTo("SUCCEEDED")
                .jsonPath("$.items[0].provider")
                .isEqualTo("stripe");
    }

    @Test
    void the_same_event_delivered_ten_times_concurrently_deposits_exactly_once() throws Exception {
        String event = completed(Api.unique("evt"), payment, "paid", "pi_" + paymentId);
        List<CompletableFuture<Map<?, ?>>> calls = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> stripeWebhook(event)
                                .expectStatus()
                                .isOk()
                                .expectBody(Map.class)
                                .returnResult()
                                .getResponseBody(),
                        pool));
            }
        }
        long fresh = calls.stream()
                .filter(c -> c.join().get("duplicate").equals(false))
                .count();
        assertThat(fresh).isEqualTo(1);
        awaitBalance(user, 500);
        // a second, different event about the same success does not deposit again either
        String second = Api.unique("evt");
        stripeWebhook(sessionEvent(second, "checkout.session.async_payment_succeeded", payment, "pi_x"))
                .expectStatus()
                .isOk();
        awaitInbox(second, "PROCESSED");
        assertThat(deposits(user)).isEqualTo(1);
        assertThat(api.balance(user)).isEqualTo(500);
    }

    @Test
    void a_bank_transfer_stays_pending_until_it_settles_later() throws Exception {
        String completed = Api.unique("evt");
        stripeWebhook(completed(completed, payment, "unpaid", "pi_" + paymentId))
                .expectStatus()
                .isOk();
        awaitInbox(completed, "PROCESSED");
        assertThat(paymentStatus(paymentId)).isEqualTo("PENDING");
        assertThat(deposits(user)).isZero();
        stripeWebhook(sessionEvent(
                        Api.unique("evt"), "checkout.session.async_payment_succeeded", payment, "pi_" + paymentId))
                .expectStatus()
                .isOk();
        awaitBalance(user, 500);
        assertThat(paymentStatus(paymentId)).isEqualTo("SUCCEEDED");
    }

    @Test
    void a_failed_bank_transfer_fails_the_payment_without_credits() {
        stripeWebhook(completed(Api.unique("evt"), payment, "unpaid", "pi_" + paymentId));
        String failed = Api.unique("evt");
        stripeWebhook(sessionEvent(failed, "checkout.session.async_payment_failed", payment, "pi_" + paymentId))
                .expectStatus()
                .isOk();
        awaitInbox(failed, "PROCESSED");
        assertThat(paymentStatus(paymentId)).isEqualTo("FAILED");
        assertThat(deposits(user)).isZero();
    }

    @Test
    void a_refund_after_spending_leaves_the_wallet_negative_and_flagged() {
        String pi = "pi_" + paymentId;
        stripeWebhook(completed(Api.unique("evt"), payment, "paid", pi));
        awaitBalance(user, 500);
        api.post(user, "viewer", "/api/v1/tips", Map.of("creator_id", Api.unique("creator"), "amount_minor", 400), "t")
                .exchange()
                .expectStatus()
                .isCreated();
        String refund = Api.unique("evt");
        stripeWebhook(SignedEvents.stripeEvent(
                        refund, "charge.refunded", SignedEvents.charge("ch_" + paymentId, pi, 500, 500)))
                .expectStatus()
                .isOk();
        awaitBalance(user, -400);
        assertThat(api.eventsOfType(user, DepositRefunded.class)).isEqualTo(1);
        assertThat(api.eventsOfType(user, WalletFlagged.class)).isEqualTo(1);
        client.get()
                .uri("/api/v1/payments")
                .header("X-Creditcast-User", user)
                .header("X-Creditcast-Roles", "viewer")
                .exchange()
                .expectBody()
                .jsonPath("$.items[0].refunded_credits")
                .isEqualTo(500)
                .jsonPath("$.items[0].refunds[0].credits")
                .isEqualTo(500);
    }

    @Test
    void a_partial_refund_delivered_twice_then_the_rest_refunds_each_part_once() {
        String pi = "pi_" + paymentId;
        stripeWebhook(completed(Api.unique("evt"), payment, "paid", pi));
        awaitBalance(user, 500);
        String partial = SignedEvents.charge("ch_" + paymentId, pi, 500, 200);
        stripeWebhook(SignedEvents.stripeEvent(Api.unique("evt"), "charge.refunded", partial));
        stripeWebhook(SignedEvents.stripeEvent(Api.unique("evt"), "charge.refunded", partial));
        awaitBalance(user, 300);
        stripeWebhook(SignedEvents.stripeEvent(
                Api.unique("evt"), "charge.refunded", SignedEvents.charge("ch_" + paymentId, pi, 500, 500)));
        awaitBalance(user, 0);
        assertThat(api.eventsOfType(user, DepositRefunded.class)).isEqualTo(2);
    }

    @Test
    void a_refund_delivered_before_the_completion_is_parked_and_applied_after_it() {
        String pi = "pi_" + paymentId;
        String refund = Api.unique("evt");
        stripeWebhook(SignedEvents.stripeEvent(
                        refund, "charge.refunded", SignedEvents.charge("ch_" + paymentId, pi, 500, 500)))
                .expectStatus()
                .isOk();
        awaitInbox(refund, "PARKED");
        assertThat(api.eventsOfType(user, DepositRefunded.class)).isZero();
        stripeWebhook(completed(Api.unique("evt"), payment, "paid", pi))
                .expectStatus()
                .isOk();
        awaitInbox(refund, "PROCESSED");
        awaitBalance(user, 0);
        assertThat(deposits(user)).isEqualTo(1);
        assertThat(api.eventsOfType(user, DepositRefunded.class)).isEqualTo(1);
    }

    @Test
    void a_dispute_takes_the_credits_back_and_winning_it_reverses_the_chargeback() {
        String pi = "pi_" + paymentId;
        stripeWebhook(completed(Api.unique("evt"), payment, "paid", pi));
        awaitBalance(user, 500);
        String dispute = "dp_" + paymentId;
        stripeWebhook(SignedEvents.stripeEvent(
                Api.unique("evt"),
                "charge.dispute.created",
                SignedEvents.dispute(dispute, "ch_" + paymentId, pi, 500, "needs_response")));
        awaitBalance(user, 0);
        stripeWebhook(SignedEvents.stripeEvent(
                Api.unique("evt"),
                "charge.dispute.closed",
                SignedEvents.dispute(dispute, "ch_" + paymentId, pi, 500, "won")));
        awaitBalance(user, 500);
        assertThat(api.eventsOfType(user, ChargebackRecorded.class)).isEqualTo(1);
        assertThat(api.eventsOfType(user, ChargebackReversed.class)).isEqualTo(1);
        await("dispute recorded as won", Duration.ofSeconds(5), () -> "WON"
                .equals(jdbc.queryForObject(
                        "SELECT status FROM payment_adjustment WHERE adjustment_id = ?", String.class, dispute)));
        client.get()
                .uri("/api/v1/admin/payments?user_id=" + user)
                .header("X-Creditcast-User", "admin-1")
                .header("X-Creditcast-Roles", "admin")
                .exchange()
                .expectBody()
                .jsonPath("$.items[0].disputes[0].adjustment_id")
                .isEqualTo(dispute)
                .jsonPath("$.items[0].disputes[0].status")
                .isEqualTo("WON");
    }

    @Test
    void a_dispute_closed_before_it_was_opened_waits_for_the_opening() {
        String pi = "pi_" + paymentId;
        stripeWebhook(completed(Api.unique("evt"), payment, "paid", pi));
        awaitBalance(user, 500);
        String dispute = "dp_" + paymentId;
        String closed = Api.unique("evt");
        stripeWebhook(SignedEvents.stripeEvent(
                closed, "charge.dispute.closed", SignedEvents.dispute(dispute, "ch_" + paymentId, pi, 500, "lost")));
        awaitInbox(closed, "PARKED");
        stripeWebhook(SignedEvents.stripeEvent(
                Api.unique("evt"),
                "charge.dispute.created",
                SignedEvents.dispute(dispute, "ch_" + paymentId, pi, 500, "needs_response")));
        awaitInbox(closed, "PROCESSED");
        awaitBalance(user, 0);
        assertThat(api.eventsOfType(user, ChargebackReversed.class)).isZero();
    }

    @Test
    void an_unknown_event_type_is_acknowledged_and_ignored() {
        String id = Api.unique("evt");
        stripeWebhook(SignedEvents.stripeEvent(id, "customer.created", "{\"id\":\"cus_1\",\"object\":\"customer\"}"))
                .expectStatus()
                .isOk();
        assertThat(inboxStatus(id)).isEqualTo("IGNORED");
    }

    @Test
    void an_amount_that_differs_from_the_checkout_is_never_deposited() {
        String id = Api.unique("evt");
        String event = SignedEvents.stripeEvent(
                id,
                "checkout.session.completed",
                SignedEvents.checkoutSession(
                        (String) payment.get("provider_ref"), paymentId, "paid", "pi_1", 1, "usd"));
        stripeWebhook(event).expectStatus().isOk();
        awaitInbox(id, "DEAD");
        assertThat(deposits(user)).isZero();
    }

    @Test
    void bad_signatures_are_400_problem_json_and_store_nothing() {
        String id = Api.unique("evt");
        String event = completed(id, payment, "paid", "pi_1");
        long now = System.currentTimeMillis() / 1000;
        for (String header : new String[] {
            null,
            SignedEvents.stripeHeader(event, "whsec_wrong"),
            SignedEvents.stripeHeader(event, WEBHOOK_SECRET, now - 301),
            SignedEvents.stripeHeader(event.replace("paid", "unpaid"), WEBHOOK_SECRET)
        }) {
            stripeWebhook(event, header)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo(PROBLEM + "webhook-signature-invalid");
        }
        assertThat(inboxStatus(id)).isNull();
        assertThat(deposits(user)).isZero();
    }

    @Test
    void a_webhook_body_at_the_limit_is_accepted_and_one_byte_more_is_413_unparsed() {
        String id = Api.unique("evt");
        String base = SignedEvents.stripeEvent(id, "customer.updated", "{\"id\":\"cus_1\",\"pad\":\"\"}");
        String atLimit = base.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(MAX_BODY_BYTES - base.length()) + "\"");
        assertThat(atLimit.length()).isEqualTo(MAX_BODY_BYTES);
        stripeWebhook(atLimit).expectStatus().isOk();
        assertThat(inboxStatus(id)).isEqualTo("IGNORED");

        String id2 = Api.unique("evt");
        String base2 = SignedEvents.stripeEvent(id2, "customer.updated", "{\"id\":\"cus_1\",\"pad\":\"\"}");
        String overLimit =
                base2.replace("\"pad\":\"\"", "\"pad\":\"" + "x".repeat(MAX_BODY_BYTES + 1 - base2.length()) + "\"");
        stripeWebhook(overLimit)
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(PROBLEM + "body-too-large");
        assertThat(inboxStatus(id2)).isNull();
    }

    @Test
    void handled_events_are_kept_for_deduplication_for_the_retention_period_and_dead_ones_stay() {
        String kept = Api.unique("evt");
        String expired = Api.unique("evt");
        String dead = Api.unique("evt");
        inbox.insert("stripe", kept, "customer.created", "{}", WebhookInbox.Status.IGNORED);
        inbox.insert("stripe", expired, "customer.created", "{}", WebhookInbox.Status.IGNORED);
        inbox.insert("stripe", dead, "charge.refunded", "{}", WebhookInbox.Status.DEAD);
        jdbc.update("UPDATE webhook_inbox SET received_at = now() - interval '34 days' WHERE event_id = ?", kept);
        jdbc.update("UPDATE webhook_inbox SET received_at = now() - interval '36 days' WHERE event_id = ?", expired);
        jdbc.update("UPDATE webhook_inbox SET received_at = now() - interval '400 days' WHERE event_id = ?", dead);
        inbox.purgeOlderThan(Duration.ofDays(35));
        assertThat(inboxStatus(kept)).isEqualTo("IGNORED");
        assertThat(inboxStatus(expired)).isNull();
        assertThat(inboxStatus(dead)).isEqualTo("DEAD");
        // a redelivery inside the retention is still recognised
        stripeWebhook(SignedEvents.stripeEvent(kept, "customer.created", "{\"id\":\"cus_1\"}"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.duplicate")
                .isEqualTo(true);
    }

    @Test
    void ten_concurrent_checkouts_with_one_key_make_one_payment() {
        String buyer = Api.unique("buyer");
        List<CompletableFuture<Map<?, ?>>> calls = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> checkout(buyer, Map.of("price_id", priceId, "provider", "stripe"), "one-key")
                                .expectStatus()
                                .isCreated()
                                .expectBody(Map.class)
                                .returnResult()
                                .getResponseBody(),
                        pool));
            }
        }
        assertThat(calls.stream().map(c -> c.join().get("payment_id")).distinct())
                .hasSize(1);
        assertThat(calls.stream().map(c -> c.join().get("provider_ref")).distinct())
                .hasSize(1);
        assertThat(paymentRows(buyer)).isEqualTo(1);
    }
}
