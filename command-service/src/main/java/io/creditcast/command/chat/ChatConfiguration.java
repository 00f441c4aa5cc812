package io.creditcast.command.chat;

import io.creditcast.chat.ChatRoom;
import io.creditcast.command.chat.fanout.NoticeCodec;
import io.creditcast.command.chat.fanout.PostgresNoticeBus;
import io.creditcast.command.chat.fanout.RoomFanout;
import io.creditcast.command.chat.fanout.ViewerCounts;
import io.creditcast.command.chat.follow.FollowStore;
import io.creditcast.command.chat.follow.NotificationHub;
import io.creditcast.command.chat.live.ChatLiveEvents;
import io.creditcast.command.chat.live.ChatStreamLifecycle;
import io.creditcast.command.chat.live.StreamLifecycleListener;
import io.creditcast.command.chat.message.ChatMessageStore;
import io.creditcast.command.chat.message.ChatSender;
import io.creditcast.command.chat.message.SendLimiter;
import io.creditcast.command.chat.moderation.ModerationAudit;
import io.creditcast.command.chat.moderation.RoomStandings;
import io.creditcast.command.chat.room.ChatFrames;
import io.creditcast.command.chat.room.ChatHub;
import io.creditcast.command.chat.room.ChatWebSocketHandler;
import io.creditcast.command.chat.room.ConnectionRegistry;
import io.creditcast.command.chat.room.RoomJoiner;
import io.creditcast.command.chat.token.RoomTokens;
import io.creditcast.command.config.AxonConfiguration.WalletCache;
import io.creditcast.command.config.CreditcastProperties;
import io.creditcast.command.eventstore.BoundedLruCache;
import io.creditcast.command.idempotency.IdempotencyInterceptor;
import io.creditcast.command.idempotency.IdempotencyStore;
import io.creditcast.command.web.AggregateReader;
import io.creditcast.command.web.CommandSender;
import io.creditcast.token.SignedTokens;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/** Chat, wired explicitly: rooms, WebSocket endpoint, limits, the room aggregate and live events. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
public class ChatConfiguration {
    public static final String WS_PATH = "/api/v1/streams/*/chat/ws";
    /** How long an idle user's flood-protection state is kept (longer than every window). */
    public static final long LIMITER_IDLE_MS = 2 * 3600 * 1000L;

    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    RoomTokens roomTokens(SignedTokens tokens, ChatProperties properties) {
        return new RoomTokens(tokens, properties.tokenTtlS());
    }

    @Bean
    ChatFrames chatFrames(JsonMapper json) {
        return new ChatFrames(json);
    }

    @Bean
    ChatHub chatHub(ChatProperties properties, ChatFrames frames) {
        return new ChatHub(properties, frames);
    }

    @Bean
    ChatMessageStore chatMessageStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new ChatMessageStore(jdbc, new TransactionTemplate(transactions));
    }

    /** The {@code ChatRoom} aggregate cache, reachable so that moderation on another instance can evict. */
    public record ChatRoomCache(BoundedLruCache cache) {}

    @Bean
    ChatRoomCache chatRoomCache(CreditcastProperties creditcast) {
        return new ChatRoomCache(new BoundedLruCache(creditcast.eventStore().cachedAggregatesPerType()));
    }

    @Bean
    NoticeCodec chatNoticeCodec(JsonMapper json) {
        return new NoticeCodec(json);
    }

    /** Cross-instance fan-out on the service's own PostgreSQL (its own connection, outside the pool). */
    @Bean
    PostgresNoticeBus chatNoticeBus(Environment env, JdbcTemplate jdbc, NoticeCodec codec) {
        return new PostgresNoticeBus(
                env.getRequiredProperty("spring.datasource.url"),
                env.getProperty("spring.datasource.username", ""),
                env.getProperty("spring.datasource.password", ""),
                jdbc,
                codec);
    }

    @Bean
    ViewerCounts chatViewerCounts(ChatHub hub, ChatFrames frames, PostgresNoticeBus bus) {
        return new ViewerCounts(hub, frames, bus);
    }

    @Bean
    RoomFanout roomFanout(
            ChatHub hub,
            ChatFrames frames,
            PostgresNoticeBus bus,
            RoomStandings standings,
            ChatRoomCache cache,
            ViewerCounts viewerCounts,
            WalletCache walletCache,
            ChatProperties properties) {
        var fanout = new RoomFanout(
                hub,
                frames,
                bus,
                standings,
                cache.cache(),
                viewerCounts,
                walletCache.cache(),
                properties.lowBalanceThresholdMinor());
        bus.onNotice(fanout::receive);
        bus.onResubscribed(fanout::missedNotices);
        return fanout;
    }

    @Bean
    RoomStandings roomStandings(AggregateReader reader) {
        return new RoomStandings(reader);
    }

    @Bean
    SendLimiter sendLimiter(ChatProperties properties) {
        return new SendLimiter(properties);
    }

    @Bean
    ChatSender chatSender(
            ChatProperties properties,
            AggregateReader reader,
            CommandSender commands,
            IdempotencyStore idempotency,
            ChatMessageStore store,
            SendLimiter limiter,
            RoomFanout fanout,
            ChatFrames frames,
            CreditcastProperties creditcast,
            RoomStandings standings) {
        return new ChatSender(
                properties,
                reader,
                commands,
                idempotency,
                store,
                limiter,
                fanout,
                frames,
                creditcast.fees().policy(),
                CLOCK,
                standings);
    }

    @Bean
    RoomJoiner roomJoiner(
            RoomTokens tokens,
            AggregateReader reader,
            CommandSender commands,
            ChatMessageStore store,
            ChatHub hub,
            ChatFrames frames,
            ChatSender sender,
            ChatProperties properties,
            RoomStandings standings,
            ConnectionRegistry registry) {
        return new RoomJoiner(tokens, reader, commands, store, hub, frames, sender, properties, standings, registry);
    }

    /** The connection caps over every instance (rows in PostgreSQL; this instance's id is its bus id). */
    @Bean(destroyMethod = "shutdown")
    ConnectionRegistry chatConnectionRegistry(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            PostgresNoticeBus bus,
            ChatProperties properties) {
        return new ConnectionRegistry(
                jdbc,
                new TransactionTemplate(transactions),
                bus.instanceId(),
                properties.maxConnectionsPerUser(),
                properties.maxConnectionsPerIp());
    }

    @Bean
    ChatWebSocketHandler chatWebSocketHandler(
            RoomJoiner joiner, ChatSender sender, ChatFrames frames, JsonMapper json, ChatProperties properties) {
        return new ChatWebSocketHandler(joiner, sender, frames, json, properties);
    }

    @Bean
    HandlerMapping chatWebSocketMapping(ChatWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of(WS_PATH, handler), Ordered.HIGHEST_PRECEDENCE);
    }

    /** WebSocket frames above the limit close the connection (1009): that is protocol abuse. */
    @Bean
    WebFluxConfigurer chatWebSocketService(ChatProperties properties) {
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                        () -> WebsocketServerSpec.builder().maxFramePayloadLength(properties.maxFrameBytes())));
            }
        };
    }

    @Bean
    ModerationAudit moderationAudit(JdbcTemplate jdbc) {
        return new ModerationAudit(jdbc);
    }

    @Bean
    ChatLiveEvents chatLiveEvents(
            RoomFanout fanout,
            ChatFrames frames,
            ChatMessageStore store,
            ModerationAudit audit,
            ChatProperties properties,
            RoomStandings standings) {
        return new ChatLiveEvents(fanout, frames, store, audit, properties, standings);
    }

    @Bean
    FollowStore followStore(JdbcTemplate jdbc) {
        return new FollowStore(jdbc);
    }

    @Bean
    NotificationHub notificationHub() {
        return new NotificationHub();
    }

    @Bean
    StreamLifecycleListener chatStreamLifecycle(
            RoomFanout fanout,
            ChatFrames frames,
            FollowStore follows,
            NotificationHub notifications,
            AggregateReader reader) {
        return new ChatStreamLifecycle(fanout, frames, follows, notifications, reader, CLOCK);
    }

    /**
     * The chat room aggregate (cached like the others), and chat's live events in a subscribing
     * processor: in the storing transaction, never replayed from the start of the store.
     */
    @Bean
    ConfigurerModule chatAxon(CreditcastProperties creditcast, ChatRoomCache cache) {
        int snapshotEvery = creditcast.eventStore().snapshotEveryEvents();
        return configurer -> {
            configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(ChatRoom.class)
                    .configureCache(c -> cache.cache())
                    .configureSnapshotTrigger(
                            c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(), snapshotEvery)));
            configurer.eventProcessing(ep -> ep.registerSubscribingEventProcessor(ChatLiveEvents.GROUP));
        };
    }

    /**
     * Copies the idempotency scope of a command onto its events (so a paid chat highlight is not shown a
     * second time as a tip), next to Axon's default correlation and trace ids, which this bean replaces.
     */
    @Bean
    CorrelationDataProvider messageOriginAndScope() {
        var origin = new MessageOriginProvider();
        var scope = new SimpleCorrelationDataProvider(IdempotencyInterceptor.SCOPE);
        return message -> {
            Map<String, Object> data = new HashMap<>(origin.correlationDataFor(message));
            data.putAll(scope.correlationDataFor(message));
            return data;
        };
    }

    @Bean
    ChatHousekeeping chatHousekeeping(
            SendLimiter limiter, ViewerCounts viewerCounts, PostgresNoticeBus bus, ConnectionRegistry registry) {
        return new ChatHousekeeping(limiter, viewerCounts, bus, registry);
    }

    /**
     * Forgets idle users' flood-protection state; publishes and sends changed viewer counts once a second;
     * deletes old overflow notices; reports this instance's connections alive.
     */
    static final class ChatHousekeeping {
        private final SendLimiter limiter;
        private final ViewerCounts viewerCounts;
        private final PostgresNoticeBus bus;
        private final ConnectionRegistry registry;

        ChatHousekeeping(
                SendLimiter limiter, ViewerCounts viewerCounts, PostgresNoticeBus bus, ConnectionRegistry registry) {
            this.registry = registry;
            this.limiter = limiter;
            this.viewerCounts = viewerCounts;
            this.bus = bus;
        }

        @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
        void purgeOverflowNotices() {
            bus.purgeOverflow();
        }

        @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT5M")
        void evict() {
            limiter.evictIdle(CLOCK.millis(), LIMITER_IDLE_MS);
        }

        @Scheduled(fixedDelay = ConnectionRegistry.HEARTBEAT_MS)
        void connectionHeartbeat() {
            registry.heartbeat();
        }

        @Scheduled(fixedDelayString = "PT1S")
        void viewerCounts() {
            viewerCounts.flush(CLOCK.millis());
        }
    }
}
