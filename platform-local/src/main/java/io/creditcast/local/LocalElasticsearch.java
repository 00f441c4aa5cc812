package io.creditcast.local;

import io.creditcast.testsupport.SharedElasticsearch;
import java.nio.file.Path;

/**
 * Elasticsearch for the local run: the 8.19 distribution Maven resolved for the query service build (it is a
 * test dependency there; the build of this module resolves it), unpacked once into the cache,
 * config and index data kept in {@code .data/elasticsearch} between runs, on a free port unless
 * {@code -Dcreditcast.elasticsearch-port} names one.
 */
public final class LocalElasticsearch {
    private LocalElasticsearch() {}

    public static SharedElasticsearch.Server start(Path dataDirectory) {
        int port = Integer.getInteger("creditcast.elasticsearch-port", 0);
        return SharedElasticsearch.start(dataDirectory.resolve("elasticsearch"), false, port);
    }
}
