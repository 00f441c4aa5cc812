package io.creditcast.command.purchase;

import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.CommandSender;
import io.creditcast.ledger.account.Credits;
import io.creditcast.ledger.account.FeePolicy;
import io.creditcast.ledger.account.LedgerRejection;
import io.creditcast.ledger.catalog.Product;
import io.creditcast.ledger.catalog.Product.DefineProduct;
import io.creditcast.ledger.wallet.ProductKind;
import io.creditcast.ledger.wallet.WalletCommands.PurchaseProduct;
import io.creditcast.ledger.wallet.WalletResults.WalletOutcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Creators put passes, tickets and subscription periods on sale; viewers buy them with credits. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "purchases")
public class PurchaseController {
    private final CommandSender commands;
    private final AggregateReader reader;
    private final FeePolicy feePolicy;

    public PurchaseController(CommandSender commands, AggregateReader reader, CreditcastProperties properties) {
        this.commands = commands;
        this.reader = reader;
        this.feePolicy = properties.fees().policy();
    }

    public record ProductRequest(
            @NotNull ProductKind kind,
            @NotBlank @Size(max = 140) String title,
            @NotNull @Positive @Max(Product.MAX_PRICE_MINOR) Long priceMinor) {}

    public record ProductResponse(String productId, String creatorId, ProductKind kind, long priceMinor) {}

    public record PurchaseRequest(@NotBlank @Size(max = 64) String productId) {}

    public record PurchaseResponse(
            String transactionId, String productId, long priceMinor, long balanceMinor, boolean replayed) {}

    private record ProductFacts(
            io.creditcast.ledger.account.UserId creatorId, ProductKind kind, Credits price, boolean active) {}

    @PostMapping("/products")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Put a product on sale (creator)")
    public Mono<ProductResponse> define(@Valid @RequestBody ProductRequest request, Authentication auth) {
        Actor creator = Actor.of(auth);
        String productId = UUID.randomUUID().toString();
        var cmd = new DefineProduct(
                productId, creator.userId(), request.kind(), request.title(), Credits.of(request.priceMinor()));
        return commands.send(cmd)
                .thenReturn(
                        new ProductResponse(productId, creator.userId().value(), request.kind(), request.priceMinor()));
    }

    @PostMapping("/purchases")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Buy a product at its current price (Idempotency-Key required); fee split at posting")
    public Mono<PurchaseResponse> purchase(
            @Valid @RequestBody PurchaseRequest request,
            @RequestHeader(name = CommandSender.IDEMPOTENCY_HEADER, required = false) String key,
            Authentication auth) {
        Actor viewer = Actor.of(auth);
        String checkedKey = CommandSender.requireKey(key);
        return commands.blocking(() -> readProduct(request.productId())).flatMap(product -> {
            var cmd = new PurchaseProduct(
                    viewer.userId(),
                    CommandSender.operationId(viewer, checkedKey),
                    request.productId(),
                    product.kind(),
                    product.creatorId(),
                    product.price(),
                    feePolicy);
            return commands.sendIdempotent(viewer, checkedKey, "purchase", request, cmd, WalletOutcome.class)
                    .map(o -> new PurchaseResponse(
                            o.result().transactionId(),
                            request.productId(),
                            product.price().minor(),
                            o.result().balanceMinor(),
                            o.replayed() || o.result().replayed()));
        });
    }

    private ProductFacts readProduct(String productId) {
        ProductFacts facts;
        try {
            facts = reader.read(
                    Product.class, productId, p -> new ProductFacts(p.creatorId(), p.kind(), p.price(), p.active()));
        } catch (AggregateNotFoundException e) {
            throw new LedgerRejection(LedgerRejection.Reason.UNKNOWN_PRODUCT, "no product " + productId);
        }
        if (!facts.active()) {
            throw new LedgerRejection(
                    LedgerRejection.Reason.UNKNOWN_PRODUCT, "product " + productId + " is no longer on sale");
        }
        return facts;
    }
}
