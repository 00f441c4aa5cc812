package io.creditcast.media.ingest.srt;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SRT ingest ({@code creditcast.media.ingest.srt.*}). An SRT listener serves one caller, so each armed stream
 * gets a port of its own from {@code [port-from, port-to]}; the size of that range is the limit on streams armed
 * for SRT at once on this worker.
 *
 * @param enabled SRT arming on (default on)
 * @param bindAddress where listeners bind (default {@code 0.0.0.0})
 * @param publicHost the host name put into the {@code srt://} URL handed to the creator
 * @param portFrom first UDP port of the pool (default 9000)
 * @param portTo last UDP port of the pool, inclusive (default 9015: 16 streams)
 * @param armTtl an armed listener nobody connects to is closed after this (default 10 min)
 * @param latency the SRT receive latency (default 200 ms; OBS's default is 200 ms too)
 */
@ConfigurationProperties("creditcast.media.ingest.srt")
public record SrtProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("localhost") String publicHost,
        @DefaultValue("9000") int portFrom,
        @DefaultValue("9015") int portTo,
        @DefaultValue("10m") Duration armTtl,
        @DefaultValue("200ms") Duration latency) {

    /** Bound on the pool: each armed stream holds one FFmpeg listener process. */
    public static final int MAX_PORTS = 256;

    public SrtProperties {
        if (portFrom < 1 || portTo > 65_535 || portTo < portFrom) {
            throw new IllegalArgumentException("srt ports must be 1 ≤ port-from ≤ port-to ≤ 65535");
        }
        if (portTo - portFrom + 1 > MAX_PORTS) {
            throw new IllegalArgumentException("at most " + MAX_PORTS + " srt ports");
        }
        if (armTtl.isNegative() || armTtl.isZero() || armTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("srt.arm-ttl must be within (0, 1 h]");
        }
        if (latency.toMillis() < 20 || latency.toMillis() > 8_000) {
            throw new IllegalArgumentException("srt.latency must be 20 ms..8 s");
        }
    }
}
