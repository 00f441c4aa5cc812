package io.creditcast.ledger.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.account.UserId;
import io.creditcast.ledger.wallet.ProductKind;
import java.time.Instant;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Something a creator sells for credits: an access pass, a ticket or a subscription period. */
public class Product {
    public static final long MAX_PRICE_MINOR = 1_000_000;

    public record DefineProduct(
            @TargetAggregateIdentifier String productId,
            UserId creatorId,
            ProductKind kind,
            String title,
            Credits price) {
        public DefineProduct {
            Objects.requireNonNull(productId, "productId");
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(title, "title");
            if (title.isBlank() || title.length() > 140) {
                throw new IllegalArgumentException("title must be 1-140 characters");
            }
            Objects.requireNonNull(price, "price");
            if (price.isZero() || price.minor() > MAX_PRICE_MINOR) {
                throw new IllegalArgumentException("price must be 1.." + MAX_PRICE_MINOR + " credits");
            }
        }
    }

    public record DeactivateProduct(@TargetAggregateIdentifier String productId, UserId actor) {}

    /** A fact that a creator put a product on sale at a price in credits. */
    public record ProductDefined(
            String productId, UserId creatorId, ProductKind kind, String title, Credits price, Instant occurredAt) {}

    /** A fact that a product can no longer be bought. */
    public record ProductDeactivated(String productId, UserId actor, Instant occurredAt) {}

    @AggregateIdentifier
    private String productId;

    private UserId creatorId;
    private ProductKind kind;
    private Credits price;
    private boolean active;

    protected Product() {}

    @CommandHandler
    public Product(DefineProduct cmd) {
        apply(new ProductDefined(
                cmd.productId(),
                cmd.creatorId(),
                cmd.kind(),
                cmd.title(),
                cmd.price(),
                GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    public void handle(DeactivateProduct cmd) {
        if (!cmd.actor().equals(creatorId)) {
            throw new LedgerRejection(
                    LedgerRejection.Reason.NOT_ALLOWED, "only the product's creator may deactivate it");
        }
        if (active) {
            apply(new ProductDeactivated(productId, cmd.actor(), GenericEventMessage.clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(ProductDefined e) {
        productId = e.productId();
        creatorId = e.creatorId();
        kind = e.kind();
        price = e.price();
        active = true;
    }

    @EventSourcingHandler
    void on(ProductDeactivated e) {
        active = false;
    }

    public UserId creatorId() {
        return creatorId;
    }

    public ProductKind kind() {
        return kind;
    }

    public Credits price() {
        return price;
    }

    public boolean active() {
        return active;
    }
}
