package io.creditcast.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.chat.ChatCommands.BanChatUser;
import io.creditcast.chat.ChatCommands.DeleteChatMessage;
import io.creditcast.chat.ChatCommands.MuteChatUser;
import io.creditcast.chat.ChatCommands.SetSlowMode;
import io.creditcast.chat.ChatRoom;
import io.creditcast.command.config.AxonConfiguration;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.earnings.Earnings;
import io.creditcast.ledger.earnings.EarningsCommands.ApprovePayout;
import io.creditcast.ledger.earnings.EarningsCommands.RequestPayout;
import io.creditcast.ledger.earnings.EarningsCommands.SettleEarnings;
import io.creditcast.ledger.earnings.PayoutId;
import io.creditcast.ledger.wallet.MeteringStops;
import io.creditcast.ledger.wallet.ProductKind;
import io.creditcast.ledger.wallet.Wallet;
import io.creditcast.ledger.wallet.WalletCommands.AdjustWallet;
import io.creditcast.ledger.wallet.WalletCommands.DebitMeteredInterval;
import io.creditcast.ledger.wallet.WalletCommands.DepositCredits;
import io.creditcast.ledger.wallet.WalletCommands.PurchaseProduct;
import io.creditcast.ledger.wallet.WalletCommands.RecordChargeback;
import io.creditcast.ledger.wallet.WalletCommands.RefundDeposit;
import io.creditcast.ledger.wallet.WalletCommands.ReverseChargeback;
import io.creditcast.ledger.wallet.WalletCommands.StartViewingSession;
import io.creditcast.ledger.wallet.WalletCommands.TipCreator;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.Stream;
import io.creditcast.stream.StreamCommands.MarkStreamLive;
import io.creditcast.stream.StreamDetails;
import io.creditcast.stream.StreamEvent.PassAccepted;
import io.creditcast.stream.StreamEvent.StreamCreated;
import io.creditcast.stream.StreamEvent.StreamKeyIssued;
import io.creditcast.stream.StreamEvent.StreamScheduled;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is the aggregate serialised with the event store's serializer; a wallet loaded from one must be
 * the wallet folded from its events, field by field (a lossy snapshot would silently change balances, the
 * intervals already paid and the operations already done). Each aggregate is built through its own handlers
 * with as much state as they keep, then serialised and read back.
 */
class SnapshotRoundTripTest {
    private static final Serializer SERIALIZER = new AxonConfiguration().serializer();
    private static final UserId VIEWER = new UserId("viewer-1");
    private static final UserId CREATOR = new UserId("creator-1");
    private static final UserId ADMIN = new UserId("admin-1");
    private static final FeePolicy FEE = FeePolicy.DEFAULT;

    @Test
    void aWalletWithDepositsReversalsSessionsTipsPassesAndAFlagIsTheSameAfterASnapshot() {
        var fixture = new AggregateTestFixture<>(Wallet.class);
        fixture.registerInjectableResource(MeteringStops.NEVER);
        List<Object> history = new ArrayList<>(List.of(
                new DepositCredits(VIEWER, "pay-1", "stripe", Credits.of(1_000), "provider:stripe"),
                new DepositCredits(VIEWER, "pay-2", "coinbase", Credits.of(300), "provider:coinbase"),
                new RefundDeposit(VIEWER, "pay-1", "re-1", Credits.of(100), "provider:stripe"),
                new RecordChargeback(VIEWER, "pay-2", "dp-1", Credits.of(300), "provider:coinbase"),
                new ReverseChargeback(VIEWER, "dp-1", "provider:coinbase"),
                new StartViewingSession(VIEWER, "session-1", "stream-1", CREATOR, Credits.of(2), 10_000),
                new StartViewingSession(VIEWER, "session-2", "stream-2", CREATOR, Credits.of(1), 10_000),
                new TipCreator(VIEWER, "tip-1", CREATOR, Credits.of(50), "gg", FEE),
                new PurchaseProduct(VIEWER, "buy-1", "ticket-1", ProductKind.TICKET, CREATOR, Credits.of(7), FEE),
                new AdjustWallet(VIEWER, "adj-1", -3, "correction", ADMIN)));
        // intervals in two sessions, sparse and far apart (the interval set grows to more than one word)
        for (long index : new long[] {0, 1, 2, 63, 64, 200, 8_639}) {
            history.add(new DebitMeteredInterval(VIEWER, "session-1", index, index * 10_000));
        }
        history.add(new DebitMeteredInterval(VIEWER, "session-2", 5, 50_000));
        // a chargeback larger than what is left: the wallet goes negative and is flagged
        history.add(new DepositCredits(VIEWER, "pay-3", "stripe", Credits.of(500), "provider:stripe"));
        history.add(new TipCreator(VIEWER, "tip-2", CREATOR, Credits.of(1_400), null, FEE));

        fixture.givenCommands(history)
                .when(new RecordChargeback(VIEWER, "pay-3", "dp-2", Credits.of(500), "provider:stripe"))
                .expectSuccessfulHandlerExecution()
                .expectState(wallet -> {
                    assertThat(wallet.flagged())
                            .as("the scenario reaches a flagged wallet")
                            .isTrue();
                    assertSameAfterRoundTrip(wallet);
                });
    }

    @Test
    void aLiveStreamWithAcceptedPassesIsTheSameAfterASnapshot() {
        var fixture = new AggregateTestFixture<>(Stream.class);
        var now = fixture.currentTime();
        String id = "3f1c9a52-8a77-4f0e-9a61-1c1d2e3f4a5b";
        var details =
                new StreamDetails("jazz", List.of("live", "piano"), "pt-BR", null, AccessPolicy.TICKETED, null, true);
        fixture.given(
                        new StreamCreated(id, CREATOR, "Late show", "music", now),
                        new StreamScheduled(id, details, now),
                        new StreamKeyIssued(id, "key-hash", 1, CREATOR, now),
                        new PassAccepted(id, "ticket-1", ProductKind.TICKET, now),
                        new PassAccepted(id, "pass-1", ProductKind.ACCESS_PASS, now))
                .when(new MarkStreamLive(id, "ingest-1", IngestProtocol.SRT))
                .expectSuccessfulHandlerExecution()
                .expectState(SnapshotRoundTripTest::assertSameAfterRoundTrip);
    }

    @Test
    void earningsWithPayoutsAndApproversAreTheSameAfterASnapshot() {
        var fixture = new AggregateTestFixture<>(Earnings.class);
        var payout = new PayoutId(CREATOR, "n1");
        fixture.givenCommands(
                        new SettleEarnings(CREATOR, 1, Credits.of(900), Credits.of(70), Credits.of(5), 450, FEE),
                        new RequestPayout(CREATOR, payout, Credits.of(500)))
                .when(new ApprovePayout(CREATOR, payout, ADMIN, Credits.of(100)))
                .expectSuccessfulHandlerExecution()
                .expectState(SnapshotRoundTripTest::assertSameAfterRoundTrip);
    }

    @Test
    void aChatRoomWithBansMutesDeletionsAndSlowModeIsTheSameAfterASnapshot() {
        var fixture = new AggregateTestFixture<>(ChatRoom.class);
        String stream = "s1";
        String room = ChatRoom.idOf(stream);
        var moderator = new UserId("mod");
        fixture.givenCommands(
                        new BanChatUser(room, stream, new UserId("troll"), moderator, "abuse"),
                        new MuteChatUser(room, stream, VIEWER, 600, moderator, "calm down"),
                        new DeleteChatMessage(room, stream, 7, VIEWER, moderator, "spam"),
                        new DeleteChatMessage(room, stream, 9_000_000_000L, VIEWER, moderator, "spam"))
                .when(new SetSlowMode(room, stream, 10, moderator, "busy"))
                .expectSuccessfulHandlerExecution()
                .expectState(SnapshotRoundTripTest::assertSameAfterRoundTrip);
    }

    private static <T> void assertSameAfterRoundTrip(T aggregate) {
        SerializedObject<byte[]> snapshot = SERIALIZER.serialize(aggregate, byte[].class);
        assertThat(snapshot.getType().getName()).isEqualTo(aggregate.getClass().getName());
        Object restored = SERIALIZER.deserialize(snapshot);
        assertThat(restored).isInstanceOf(aggregate.getClass());
        assertThat(restored).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(aggregate);
    }
}
