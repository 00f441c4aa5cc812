package io.creditcast.query.discovery;

import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.discovery.DiscoverySearch.Category;
import io.creditcast.query.discovery.DiscoverySearch.Filters;
import io.creditcast.query.discovery.DiscoverySearch.Order;
import io.creditcast.query.discovery.DiscoverySearch.Result;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Public discovery: live streams ("online now"), search with typo tolerance, suggestions, categories. */
@RestController
@ConditionalOnProperty(value = "creditcast.query.elasticsearch.enabled", havingValue = "true")
public class DiscoveryController {
    static final Set<String> STATUSES = Set.of("live", "offline");
    static final Set<String> KINDS = Set.of("stream", "creator");

    private final DiscoverySearch search;
    private final QueryProperties properties;

    public DiscoveryController(DiscoverySearch search, QueryProperties properties) {
        this.search = search;
        this.properties = properties;
    }

    @Operation(summary = "Streams by status, category and language; live streams ordered by viewers")
    @GetMapping("/api/v1/streams")
    public Mono<Result> streams(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        oneOf("status", status, STATUSES);
        int[] window = window(page, size);
        Order order = "live".equals(status) ? Order.VIEWERS : Order.RECENT;
        return search.search(
                null,
                new Filters("stream", status, keyword("category", category), keyword("language", language)),
                order,
                window[0],
                window[1]);
    }

    @Operation(summary = "Full-text search of creators and streams by name, title and tags (typos tolerated)")
    @GetMapping("/api/v1/search")
    public Mono<Result> search(
            @RequestParam String q,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String language,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        String text = text("q", q);
        oneOf("kind", kind, KINDS);
        oneOf("status", status, STATUSES);
        int[] window = window(page, size);
        return search.search(
                text,
                new Filters(kind, status, keyword("category", category), keyword("language", language)),
                Order.RELEVANCE,
                window[0],
                window[1]);
    }

    @Operation(summary = "Completion suggestions for a search box")
    @GetMapping("/api/v1/search/suggest")
    public Mono<List<String>> suggest(@RequestParam String prefix, @RequestParam(required = false) Integer size) {
        String text = text("prefix", prefix);
        int n = Params.pageSize(size, 5, DiscoverySearch.MAX_SUGGESTIONS, "size");
        return search.suggest(text, n);
    }

    @Operation(summary = "Categories with their number of streams")
    @GetMapping("/api/v1/categories")
    public Mono<List<Category>> categories() {
        return search.categories();
    }

    private int[] window(Integer page, Integer size) {
        var l = properties.limits();
        int n = Params.pageSize(size, 20, l.maxSearchPageSize(), "size");
        int p = page == null ? 0 : page;
        if (p < 0) {
            throw ApiException.field("page", "must not be negative");
        }
        if ((long) (p + 1) * n > l.maxSearchWindow()) {
            throw ApiException.field("page", "(page + 1) × size must not exceed " + l.maxSearchWindow());
        }
        return new int[] {p, n};
    }

    private String text(String field, String value) {
        String t = value == null ? "" : value.strip();
        if (t.isEmpty()) {
            throw ApiException.field(field, "must not be blank");
        }
        if (t.length() > properties.limits().maxQueryLength()) {
            throw ApiException.field(
                    field, "must be at most " + properties.limits().maxQueryLength() + " characters");
        }
        return t;
    }

    private static String keyword(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > 64) {
            throw ApiException.field(field, "must be 1-64 characters");
        }
        return value;
    }

    private static void oneOf(String field, String value, Set<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw ApiException.field(field, "must be one of " + allowed);
        }
    }
}
