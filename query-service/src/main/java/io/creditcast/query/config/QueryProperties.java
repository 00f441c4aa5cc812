package io.creditcast.query.config;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Typed configuration of the query service; every default is written in application.yml. */
@ConfigurationProperties("creditcast.query")
public record QueryProperties(
        Database database,
        Processing processing,
        Limits limits,
        Wallet wallet,
        Elasticsearch elasticsearch,
        Recordings recordings,
        Map<String, String> providerSources,
        FaultInjection faultInjection) {

    /**
     * The command side's PostgreSQL database: JDBC for Axon (event store reads, tokens, projection writes),
     * R2DBC (derived from the same URL) for serving.
     */
    public record Database(String url, String username, String password, int jdbcPoolSize, int r2dbcPoolSize) {
        /** {@code jdbc:postgresql://host:port/db} → {@code r2dbc:postgresql://host:port/db}. */
        public String r2dbcUrl() {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalStateException("creditcast.query.database.url must be a jdbc:postgresql:// URL");
            }
            return "r2dbc:" + url.substring("jdbc:".length());
        }
    }

    /**
     * Event processing: batch size per transaction, the gap handling of the tracking token and the idle
     * poll. The processors' commits always wait for the WAL flush: an asynchronous commit lost in a database
     * crash rolls back the read model and its token, but the running processor has moved past those events
     * in memory and never reads them again (seen in the reliability crash campaign, 2026-12-03).
     */
    public record Processing(
            int batchSize,
            int gapTimeoutMs,
            int maxGapOffset,
            int gapCleaningThreshold,
            long fetchDelayMs,
            long superviseIntervalMs) {
        public Processing {
            if (superviseIntervalMs < 100) {
                throw new IllegalArgumentException(
                        "creditcast.query.processing.supervise-interval-ms must be at least 100");
            }
        }
    }

    /**
     * Faults the reliability harness injects into a running service ({@code ProjectionFaults}): off in every
     * deployment; on, the admin API can interrupt a projection's processor thread or make it die mid-batch.
     */
    public record FaultInjection(boolean enabled) {}

    /** Limits of the HTTP API. */
    public record Limits(
            int defaultPageSize,
            int maxPageSize,
            int maxRangeDays,
            int maxAnalyticsMinutes,
            int maxSearchPageSize,
            int maxSearchWindow,
            int maxQueryLength,
            int maxReconciliationDifferences,
            int exportFetchSize,
            long queryTimeoutMs,
            int maxStatusEventStreams) {}

    /** Wallet signals: low balance when the balance covers fewer than this many intervals. */
    public record Wallet(
            int lowBalanceIntervals, long defaultRatePerIntervalMinor, long sseHeartbeatS, int maxLiveStreams) {}

    public record Elasticsearch(boolean enabled, String url, String index) {}

    /**
     * Recordings list: the media worker's public origin, put before {@code /vod/{streamId}/…} in the URLs it
     * answers ({@code ""}: origin-relative paths, for a front proxy that routes {@code /vod} to the worker).
     */
    public record Recordings(String mediaBaseUrl) {
        public Recordings {
            mediaBaseUrl = mediaBaseUrl == null ? "" : mediaBaseUrl;
        }
    }

    /** Payment provider → payment source (card, bank, crypto); unknown providers report as "other". */
    public String sourceOf(String provider) {
        return providerSources == null ? "other" : providerSources.getOrDefault(provider, "other");
    }
}
