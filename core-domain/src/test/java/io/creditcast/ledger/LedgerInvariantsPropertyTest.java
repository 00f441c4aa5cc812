package io.creditcast.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.ledger.account.AccountId;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.LedgerEntry;
import io.creditcast.ledger.account.Posting;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.MeteringStops;
import io.creditcast.ledger.wallet.Wallet;
import io.creditcast.ledger.wallet.WalletCommands.AdjustWallet;
import io.creditcast.ledger.wallet.WalletCommands.DebitMeteredInterval;
import io.creditcast.ledger.wallet.WalletCommands.DepositCredits;
import io.creditcast.ledger.wallet.WalletCommands.RecordChargeback;
import io.creditcast.ledger.wallet.WalletCommands.RefundDeposit;
import io.creditcast.ledger.wallet.WalletCommands.StartViewingSession;
import io.creditcast.ledger.wallet.WalletCommands.TipCreator;
import io.creditcast.ledger.wallet.WalletEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;

/**
 * Random sequences of wallet operations, run through a real Axon command bus, repository and (in-memory)
 * event store. After every sequence: each transaction's postings sum to zero, each idempotency key had at
 * most one effect, balances equal the fold of postings, and no wallet is negative except after a
 * recorded refund or chargeback. jqwik prints the seed of a failing run.
 */
class LedgerInvariantsPropertyTest {
    static final List<UserId> WALLETS = List.of(new UserId("w0"), new UserId("w1"), new UserId("w2"));
    static final UserId CREATOR = new UserId("creator");

    record Op(int kind, int wallet, int key, long amount) {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 12),
                        Arbitraries.longs().between(1, 60))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 200)
    void money_is_conserved_and_every_key_has_at_most_one_effect(@ForAll("operations") List<Op> ops) {
        var engine = new InMemoryEventStorageEngine();
        var store = EmbeddedEventStore.builder().storageEngine(engine).build();
        var bus = SimpleCommandBus.builder().build();
        // streams never stop here: the stop rule has its own fixture test (MeteringStopTest)
        var resolvers = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(Wallet.class),
                new SimpleResourceParameterResolverFactory(List.of(MeteringStops.NEVER)));
        var repository = EventSourcingRepository.builder(Wallet.class)
                .eventStore(store)
                .parameterResolverFactory(resolvers)
                .build();
        AggregateAnnotationCommandHandler.<Wallet>builder()
                .aggregateType(Wallet.class)
                .parameterResolverFactory(resolvers)
                .repository(repository)
                .build()
                .subscribe(bus);
        var gateway = DefaultCommandGateway.builder().commandBus(bus).build();

        for (Op op : ops) {
            UserId w = WALLETS.get(op.wallet());
            Object command =
                    switch (op.kind()) {
                        case 0 ->
                            new DepositCredits(
                                    w, "pay-" + op.key() % 4, "stripe", Credits.of(op.amount()), "provider:stripe");
                        case 1 ->
                            new StartViewingSession(
                                    w, "s-" + op.key() % 2, "stream", CREATOR, Credits.of(1 + op.amount() % 3), 10_000);
                        case 2, 3 -> new DebitMeteredInterval(w, "s-" + op.key() % 2, op.key(), 0);
                        case 4 ->
                            new TipCreator(
                                    w,
                                    "tip-" + op.key() % 3,
                                    CREATOR,
                                    Credits.of(op.amount()),
                                    null,
                                    FeePolicy.DEFAULT);
                        case 5 ->
                            op.key() % 2 == 0
                                    ? new RefundDeposit(
                                            w, "pay-" + op.key() % 4, "r-" + op.key(), Credits.of(op.amount()), "admin")
                                    : new RecordChargeback(
                                            w,
                                            "pay-" + op.key() % 4,
                                            "d-" + op.key(),
                                            Credits.of(op.amount()),
                                            "provider:stripe");
                        default ->
                            new AdjustWallet(
                                    w,
                                    "adj-" + op.key() % 3,
                                    op.amount() - 30 == 0 ? 1 : op.amount() - 30,
                                    "test",
                                    CREATOR);
                    };
            try {
                gateway.sendAndWait(command);
            } catch (RuntimeException rejectedOrUnknown) {
                // rejections are part of the space explored; the invariants below must hold regardless
            }
        }

        Map<AccountId, Long> fold = new HashMap<>();
        Set<String> transactionIds = new HashSet<>();
        Set<String> debitedIntervals = new HashSet<>();
        Set<UserId> reversedWallets = new HashSet<>();
        Map<UserId, Long> lastBalanceAfter = new HashMap<>();
        List<Object> events = new ArrayList<>();
        // the storage engine's finite stream (the event store's own stream tails forever)
        engine.readEvents(null, false).forEach(m -> events.add(m.getPayload()));

        for (Object e : events) {
            if (e instanceof LedgerEntry entry) {
                assertThat(entry.postings().stream()
                                .mapToLong(Posting::amountMinor)
                                .sum())
                        .as("postings of %s", entry.transactionId())
                        .isZero();
                assertThat(transactionIds.add(entry.transactionId()))
                        .as("transaction %s posted once", entry.transactionId())
                        .isTrue();
                entry.postings().forEach(p -> fold.merge(p.accountId(), p.amountMinor(), Long::sum));
            }
            if (e instanceof WalletEvent.IntervalDebited d) {
                assertThat(debitedIntervals.add(d.walletId() + "/" + d.sessionId() + "/" + d.intervalIndex()))
                        .isTrue();
            }
            if (e instanceof WalletEvent.DepositRefunded || e instanceof WalletEvent.ChargebackRecorded) {
                reversedWallets.add(((WalletEvent) e).walletId());
            }
            if (e instanceof WalletEvent.Money m) {
                long balance = fold.getOrDefault(AccountId.wallet(m.walletId()), 0L);
                assertThat(m.balanceAfterMinor())
                        .as("balance after %s equals the fold", m.transactionId())
                        .isEqualTo(balance);
                if (balance < 0) {
                    assertThat(reversedWallets)
                            .as("only a refund or chargeback goes negative")
                            .contains(m.walletId());
                }
                lastBalanceAfter.put(m.walletId(), balance);
            }
        }
        assertThat(fold.values().stream().mapToLong(Long::longValue).sum())
                .as("sum over all accounts")
                .isZero();
    }
}
