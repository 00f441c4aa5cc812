package io.creditcast.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.config.AxonConfiguration;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.WalletActorUpcaster;
import io.creditcast.ledger.wallet.WalletEvent;
import io.creditcast.ledger.wallet.WalletEvent.ChargebackReversed;
import io.creditcast.ledger.wallet.WalletEvent.CreditsDeposited;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

/** Events stored before actors were recorded read back with actor "unrecorded"; revision 2 events unchanged. */
class WalletActorUpcasterTest {
    final Serializer serializer = JacksonSerializer.builder()
            .objectMapper(AxonConfiguration.axonObjectMapper())
            .build();
    final EventUpcasterChain chain = new EventUpcasterChain(new WalletActorUpcaster());

    Object read(String type, String revision, byte[] payload) {
        var entry = new GenericDomainEventEntry<>(
                "Wallet", "viewer-1", 0, "e-1", Instant.EPOCH, type, revision, payload, "{}".getBytes());
        IntermediateEventRepresentation upcast = chain.upcast(
                        Stream.of(new InitialEventRepresentation(entry, serializer)))
                .findFirst()
                .orElseThrow();
        return serializer.deserialize(upcast.getData());
    }

    @Test
    void a_revision_1_deposit_reads_back_with_an_unrecorded_actor() {
        String json = "{\"walletId\":{\"value\":\"viewer-1\"},\"paymentId\":\"p1\",\"provider\":\"stripe\","
                + "\"amount\":{\"minor\":5},\"transactionId\":\"deposit:viewer-1:p1\",\"postings\":[],"
                + "\"balanceAfterMinor\":5,\"occurredAt\":\"2026-01-01T00:00:00Z\"}";
        Object event = read(CreditsDeposited.class.getName(), null, json.getBytes(StandardCharsets.UTF_8));
        assertThat(event).isInstanceOfSatisfying(CreditsDeposited.class, e -> {
            assertThat(e.actor()).isEqualTo(WalletEvent.ACTOR_UNRECORDED);
            assertThat(e.amount()).isEqualTo(Credits.of(5));
        });
    }

    @Test
    void a_revision_2_event_keeps_its_actor() {
        var reversed = new ChargebackReversed(
                new UserId("viewer-1"),
                "p1",
                "d1",
                Credits.of(5),
                "chargeback-reversal:viewer-1:d1",
                List.of(),
                5,
                "admin-7",
                Instant.parse("2026-01-01T00:00:00Z"));
        SerializedObject<byte[]> stored = serializer.serialize(reversed, byte[].class);
        assertThat(stored.getType().getRevision()).isEqualTo(WalletEvent.ACTOR_REVISION);
        assertThat(read(ChargebackReversed.class.getName(), WalletEvent.ACTOR_REVISION, stored.getData()))
                .isEqualTo(reversed);
    }
}
