package io.creditcast.command.chat.follow;

import io.creditcast.command.chat.ChatProperties;
import io.creditcast.command.security.Actor;
import io.creditcast.command.web.ApiException;
import io.creditcast.command.web.CommandSender;
import io.creditcast.command.web.ProblemTypes;
import io.creditcast.ledger.account.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Following creators and the in-app notifications that follows produce. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "follows and notifications")
public class FollowController {
    /** Creators one user may follow. */
    public static final long MAX_FOLLOWS_PER_USER = 5_000;
    /** Keep-alive comment interval on the notification stream. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(25);

    private final FollowStore store;
    private final NotificationHub hub;
    private final CommandSender commands;
    private final int pageMax;

    public FollowController(FollowStore store, NotificationHub hub, CommandSender commands, ChatProperties properties) {
        this.store = store;
        this.hub = hub;
        this.commands = commands;
        this.pageMax = properties.notificationsPageMax();
    }

    public record FollowResponse(String creatorId, boolean following, boolean changed) {}

    public record NotificationPage(List<FollowStore.Notification> items, Long nextBeforeId) {}

    @GetMapping("/creators/{creatorId}/follow")
    @Operation(summary = "Whether I follow a creator (changed is always false)")
    public Mono<FollowResponse> following(@PathVariable String creatorId, Authentication auth) {
        Actor actor = Actor.of(auth);
        UserId creator = new UserId(creatorId);
        return commands.blocking(() ->
                new FollowResponse(creatorId, store.isFollowing(actor.userId().value(), creator.value()), false));
    }

    @PostMapping("/creators/{creatorId}/follow")
    @Operation(summary = "Follow a creator (following twice is one follow)")
    public Mono<FollowResponse> follow(@PathVariable String creatorId, Authentication auth) {
        Actor actor = Actor.of(auth);
        UserId creator = new UserId(creatorId);
        if (creator.equals(actor.userId())) {
            throw new ApiException(ProblemTypes.NOT_ALLOWED, "you cannot follow yourself");
        }
        return commands.blocking(() -> {
            if (store.followingCount(actor.userId().value()) >= MAX_FOLLOWS_PER_USER) {
                throw new ApiException(ProblemTypes.LIMIT_EXCEEDED, "at most " + MAX_FOLLOWS_PER_USER + " follows");
            }
            return new FollowResponse(
                    creatorId, true, store.follow(actor.userId().value(), creatorId));
        });
    }

    @DeleteMapping("/creators/{creatorId}/follow")
    @Operation(summary = "Stop following a creator")
    public Mono<FollowResponse> unfollow(@PathVariable String creatorId, Authentication auth) {
        Actor actor = Actor.of(auth);
        UserId creator = new UserId(creatorId);
        return commands.blocking(() -> new FollowResponse(
                creatorId, false, store.unfollow(actor.userId().value(), creator.value())));
    }

    @GetMapping("/me/notifications")
    @Operation(summary = "My notifications, newest first (cursor: before_id)")
    public Mono<NotificationPage> notifications(
            @RequestParam(name = "before_id", required = false) Long beforeId,
            @RequestParam(name = "limit", defaultValue = "50") int limit,
            Authentication auth) {
        if (limit < 1 || limit > pageMax) {
            throw ApiException.field("limit", "must be 1-" + pageMax);
        }
        Actor actor = Actor.of(auth);
        long cursor = beforeId == null ? Long.MAX_VALUE : beforeId;
        return commands.blocking(() -> {
            var items = store.page(actor.userId().value(), cursor, limit);
            return new NotificationPage(
                    items, items.size() == limit ? items.get(items.size() - 1).id() : null);
        });
    }

    @GetMapping(path = "/me/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "My new notifications as server-sent events (event: notification)")
    public Flux<ServerSentEvent<Object>> stream(Authentication auth) {
        Actor actor = Actor.of(auth);
        Flux<ServerSentEvent<Object>> live = hub.subscribe(actor.userId().value())
                .map(n -> ServerSentEvent.<Object>builder(n)
                        .id(Long.toString(n.id()))
                        .event("notification")
                        .build());
        Flux<ServerSentEvent<Object>> heartbeat = Flux.interval(HEARTBEAT)
                .map(i ->
                        ServerSentEvent.<Object>builder().comment("keep-alive").build());
        Flux<ServerSentEvent<Object>> ready = Flux.just(
                ServerSentEvent.<Object>builder().event("ready").data("{}").build());
        return ready.concatWith(Flux.merge(live, heartbeat));
    }
}
