package io.creditcast.command.ratelimit;

import org.springframework.http.HttpMethod;

/** Which per-user budget a request spends. */
public enum Budget {
    READS,
    WRITES,
    PINGS;

    static final String API_PREFIX = "/api/";
    static final String METER_PATH = "/api/v1/meter";

    /** The budget of an API request, or {@code null} for paths outside {@code /api/} (health, docs). */
    static Budget of(HttpMethod method, String path) {
        if (!path.startsWith(API_PREFIX)) {
            return null;
        }
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return READS;
        }
        if (HttpMethod.POST.equals(method) && path.equals(METER_PATH)) {
            return PINGS;
        }
        return WRITES;
    }
}
