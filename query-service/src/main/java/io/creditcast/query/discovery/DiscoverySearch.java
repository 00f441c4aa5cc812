package io.creditcast.query.discovery;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.CompletionSuggestOption;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.creditcast.query.config.QueryProperties;
import io.creditcast.query.web.ApiException;
import io.creditcast.query.web.ProblemTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Discovery queries. User text only ever goes into match-type queries (never query_string), so
 * Elasticsearch syntax characters are plain text. Every page is bounded.
 */
public class DiscoverySearch {
    public static final int MAX_SUGGESTIONS = 10;
    public static final int MAX_CATEGORIES = 100;

    private final ElasticsearchAsyncClient client;
    private final QueryProperties properties;
    private final Duration timeout;

    public DiscoverySearch(ElasticsearchAsyncClient client, QueryProperties properties) {
        this.client = client;
        this.properties = properties;
        this.timeout = Duration.ofMillis(properties.limits().queryTimeoutMs());
    }

    /** What a search or listing returns per document. */
    public record Item(
            String kind,
            String id,
            String creatorId,
            String title,
            String category,
            String language,
            List<String> tags,
            String status,
            int viewerCount) {}

    /**
     * A page of hits. {@code total} is exact when {@code totalRelation} is {@code eq}; with {@code gte} more
     * documents match than the search window ({@code creditcast.query.limits.max-search-window}) reaches.
     */
    public record Result(long total, String totalRelation, int page, int size, List<Item> items) {}

    public record Filters(String kind, String status, String category, String language) {}

    public enum Order {
        RELEVANCE,
        VIEWERS,
        RECENT
    }

    public Mono<Result> search(String text, Filters filters, Order order, int page, int size) {
        List<Query> filter = new ArrayList<>();
        term(filter, "kind", filters.kind());
        term(filter, "status", filters.status());
        term(filter, "category", filters.category());
        term(filter, "language", filters.language());
        Query query;
        if (text == null) {
            query = Query.of(q -> q.bool(b -> b.filter(filter)));
        } else {
            query = Query.of(q -> q.bool(b -> b.filter(filter)
                    .minimumShouldMatch("1")
                    // whole words with typo tolerance
                    .should(s -> s.multiMatch(m -> m.query(text)
                            .fields("title^3", "name^3", "tags^2")
                            .fuzziness("AUTO")
                            .prefixLength(1)
                            .type(TextQueryType.BestFields)))
                    // the last word as a prefix (search-as-you-type without edge_ngram)
                    .should(s -> s.multiMatch(m ->
                            m.query(text).fields("title^2", "name^2", "tags").type(TextQueryType.BoolPrefix)))));
        }
        SearchRequest request = SearchRequest.of(r -> {
            r.index(properties.elasticsearch().index())
                    .query(query)
                    .from(page * size)
                    .size(size)
                    // counting every match would defeat Elasticsearch's skipping of non-competitive hits;
                    // the total is exact up to the furthest page anyone can ask for
                    .trackTotalHits(t -> t.count(properties.limits().maxSearchWindow()));
            switch (order) {
                case VIEWERS ->
                    r.sort(s -> s.field(f -> f.field("viewer_count").order(SortOrder.Desc)))
                            .sort(s -> s.field(f -> f.field("id").order(SortOrder.Asc)));
                case RECENT ->
                    r.sort(s -> s.field(f -> f.field("created_at").order(SortOrder.Desc)))
                            .sort(s -> s.field(f -> f.field("id").order(SortOrder.Asc)));
                case RELEVANCE ->
                    r.sort(s -> s.score(sc -> sc.order(SortOrder.Desc)))
                            .sort(s -> s.field(f -> f.field("id").order(SortOrder.Asc)));
            }
            return r;
        });
        return call(client.search(request, Map.class)).map(r -> toResult(r, page, size));
    }

    /** Completion suggestions for a search box (prefix, small fuzziness), without duplicates. */
    public Mono<List<String>> suggest(String prefix, int size) {
        SearchRequest request = SearchRequest.of(r -> r.index(
                        properties.elasticsearch().index())
                .size(0)
                .suggest(s -> s.suggesters("names", f -> f.prefix(prefix).completion(c -> c.field("suggest")
                        .size(size)
                        .skipDuplicates(true)
                        .fuzzy(z -> z.fuzziness(prefix.length() >= 4 ? "1" : "0"))))));
        return call(client.search(request, Map.class)).map(r -> {
            LinkedHashSet<String> out = new LinkedHashSet<>();
            var suggestions = r.suggest().get("names");
            if (suggestions != null) {
                for (var s : suggestions) {
                    for (CompletionSuggestOption<Map> o : s.completion().options()) {
                        out.add(o.text());
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    public record Category(String name, long streams) {}

    public Mono<List<Category>> categories() {
        SearchRequest request = SearchRequest.of(r -> r.index(
                        properties.elasticsearch().index())
                .size(0)
                .query(q -> q.term(t -> t.field("kind").value("stream")))
                .aggregations(
                        "categories", a -> a.terms(t -> t.field("category").size(MAX_CATEGORIES))));
        return call(client.search(request, Map.class))
                .map(r -> r.aggregations().get("categories").sterms().buckets().array().stream()
                        .map(b -> new Category(b.key().stringValue(), b.docCount()))
                        .toList());
    }

    private <T> Mono<T> call(java.util.concurrent.CompletableFuture<T> future) {
        return Mono.fromFuture(future)
                .timeout(timeout)
                .onErrorMap(
                        e -> !(e instanceof ApiException),
                        e -> new ApiException(
                                ProblemTypes.SEARCH_UNAVAILABLE,
                                "search failed: " + e.getClass().getSimpleName()));
    }

    private static void term(List<Query> filter, String field, String value) {
        if (value != null) {
            filter.add(Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value)))));
        }
    }

    @SuppressWarnings("unchecked")
    private static Result toResult(SearchResponse<Map> response, int page, int size) {
        List<Item> items = new ArrayList<>();
        for (Hit<Map> hit : response.hits().hits()) {
            Map<String, Object> s = hit.source();
            if (s == null) {
                continue;
            }
            Object viewers = s.get("viewer_count");
            items.add(new Item(
                    (String) s.get("kind"),
                    (String) s.get("id"),
                    (String) s.get("creator_id"),
                    (String) s.get("title"),
                    (String) s.get("category"),
                    (String) s.get("language"),
                    s.get("tags") instanceof List<?> l ? (List<String>) l : List.of(),
                    (String) s.get("status"),
                    viewers instanceof Number n ? n.intValue() : 0));
        }
        var hits = response.hits().total();
        long total = hits == null ? items.size() : hits.value();
        String relation = hits == null ? "eq" : hits.relation().jsonValue();
        return new Result(total, relation, page, size, items);
    }
}
