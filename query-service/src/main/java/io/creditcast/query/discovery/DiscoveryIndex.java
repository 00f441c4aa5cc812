package io.creditcast.query.discovery;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import co.elastic.clients.elasticsearch.indices.IndexState;
import io.creditcast.query.config.QueryProperties;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery index behind an alias. Physical indices are named {@code <alias>-v<mapping>-<generation>};
 * searches read the alias, the projection writes the newest generation. A replay creates a new generation
 * and the alias switches to it once the replay has caught up, so searches never see a half-built index.
 * No feature absent from the minimal 8.19 distribution is used (no edge_ngram, painless, _delete_by_query).
 * The refresh interval is set explicitly, which keeps the shard from going search-idle (an idle shard
 * skips refreshes and makes the next search wait for one).
 */
public class DiscoveryIndex {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryIndex.class);

    /** Bump when the mapping changes; then replay the discovery projection. */
    public static final int MAPPING_VERSION = 1;

    static final String MAPPING =
            """
            {
              "settings": {
                "number_of_shards": 1,
                "number_of_replicas": 0,
                "refresh_interval": "1s",
                "analysis": {
                  "analyzer": {
                    "text_folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}
                  },
                  "normalizer": {
                    "lower": {"type": "custom", "filter": ["lowercase"]}
                  }
                }
              },
              "mappings": {
                "dynamic": "strict",
                "properties": {
                  "kind": {"type": "keyword"},
                  "id": {"type": "keyword"},
                  "creator_id": {"type": "keyword"},
                  "name": {"type": "text", "analyzer": "text_folded"},
                  "title": {"type": "text", "analyzer": "text_folded"},
                  "tags": {"type": "text", "analyzer": "text_folded", "fields": {"raw": {"type": "keyword", "normalizer": "lower"}}},
                  "category": {"type": "keyword", "normalizer": "lower"},
                  "language": {"type": "keyword", "normalizer": "lower"},
                  "status": {"type": "keyword"},
                  "viewer_count": {"type": "integer"},
                  "created_at": {"type": "date"},
                  "suggest": {"type": "completion", "analyzer": "simple"}
                }
              }
            }
            """;

    private final ElasticsearchClient client;
    private final String alias;
    private volatile String writeIndex;
    private volatile boolean rebuilding;

    public DiscoveryIndex(ElasticsearchClient client, QueryProperties properties) {
        this.client = client;
        this.alias = properties.elasticsearch().index();
    }

    public String alias() {
        return alias;
    }

    /** Makes sure a generation exists and the alias points somewhere; the newest generation takes writes. */
    public synchronized void ensure() {
        try {
            TreeSet<String> generations = generations();
            if (generations.isEmpty()) {
                String first = name(1);
                create(first);
                client.indices().putAlias(a -> a.index(first).name(alias));
                generations.add(first);
            }
            writeIndex = generations.last();
            String serving = servingIndex();
            if (serving == null) {
                client.indices().putAlias(a -> a.index(writeIndex).name(alias));
            } else if (!serving.equals(writeIndex)) {
                rebuilding = true; // restarted during a rebuild
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a new generation for a rebuild; the alias keeps serving the old one until {@link #switchAlias}. */
    public synchronized void startRebuild() {
        ensure();
        int next = generationOf(writeIndex) + 1;
        String index = name(next);
        try {
            create(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writeIndex = index;
        rebuilding = true;
        log.info("discovery rebuild writes into {}; {} still serves", index, alias);
    }

    /** Points the alias at the newest generation and deletes older generations. */
    public synchronized boolean switchAlias() {
        try {
            String serving = servingIndex();
            if (writeIndex == null || writeIndex.equals(serving)) {
                return false;
            }
            String target = writeIndex;
            client.indices().refresh(r -> r.index(target));
            client.indices().updateAliases(u -> {
                u.actions(a -> a.add(add -> add.index(target).alias(alias)));
                if (serving != null) {
                    u.actions(a -> a.remove(rm -> rm.index(serving).alias(alias)));
                }
                return u;
            });
            for (String old : generations()) {
                if (!old.equals(target)) {
                    client.indices().delete(d -> d.index(old));
                }
            }
            rebuilding = false;
            log.info("discovery alias {} now serves {}", alias, target);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean rebuildPending() {
        return rebuilding;
    }

    /**
     * Writes a whole document with the event's global index as external version: a redelivered or older
     * event never overwrites a newer document.
     */
    public void put(String id, Map<String, Object> document, long version) {
        if (writeIndex == null) {
            ensure();
        }
        try {
            client.index(i -> i.index(writeIndex)
                    .id(id)
                    .version(version)
                    .versionType(VersionType.External)
                    .document(document));
        } catch (ElasticsearchException e) {
            if (e.status() != 409) {
                throw e;
            }
            // version conflict: this or a newer event was applied already
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Partial update (e.g. live status and viewer count from media facts). */
    public void patch(String id, Map<String, Object> fields) {
        if (writeIndex == null) {
            ensure();
        }
        try {
            // partial updates of one document may race (a processor and an operator's fix): let Elasticsearch
            // re-apply on a version conflict instead of failing the event
            client.update(u -> u.index(writeIndex).id(id).doc(fields).retryOnConflict(5), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void refresh() {
        try {
            client.indices().refresh(r -> r.index(alias + "-*"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The physical index the alias serves (for tests and the admin view). */
    public String servingIndexForTests() {
        return servingIndex();
    }

    String servingIndex() {
        try {
            GetAliasResponse r = client.indices().getAlias(g -> g.name(alias).allowNoIndices(true));
            return r.result().keySet().stream().findFirst().orElse(null);
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TreeSet<String> generations() throws IOException {
        String prefix = alias + "-v" + MAPPING_VERSION + "-";
        Map<String, IndexState> indices;
        try {
            indices = client.indices()
                    .get(g -> g.index(alias + "-v*").allowNoIndices(true))
                    .result();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return new TreeSet<>();
            }
            throw e;
        }
        TreeSet<String> names = new TreeSet<>();
        for (String name : indices.keySet()) {
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    private void create(String index) throws IOException {
        client.indices().create(c -> c.index(index).withJson(new StringReader(MAPPING)));
    }

    private String name(int generation) {
        return "%s-v%d-%06d".formatted(alias, MAPPING_VERSION, generation);
    }

    private static int generationOf(String index) {
        return Integer.parseInt(index.substring(index.lastIndexOf('-') + 1));
    }
}
