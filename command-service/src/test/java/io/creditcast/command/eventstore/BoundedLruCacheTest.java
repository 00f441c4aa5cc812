package io.creditcast.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class BoundedLruCacheTest {

    @Test
    void holdsExactlyItsCapacityAndEvictsTheLeastRecentlyUsedOnePastIt() {
        var cache = new BoundedLruCache(3);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.put("c", 3);
        assertThat(cache.size()).isEqualTo(3);

        assertThat((Integer) cache.get("a")).isEqualTo(1); // a is now the most recently used
        cache.put("d", 4); // one past the capacity

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.containsKey("d")).isTrue();
    }

    @Test
    void keepsEntriesAcrossGarbageCollectionsUnlikeAWeakCache() {
        var cache = new BoundedLruCache(10);
        cache.put("wallet-1", new Object());
        System.gc();
        assertThat((Object) cache.get("wallet-1")).isNotNull();
    }

    @Test
    void putIfAbsentDoesNotReplaceAndRemoveForgets() {
        var cache = new BoundedLruCache(2);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Integer) cache.get("a")).isEqualTo(1);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(cache.containsKey("a")).isFalse();
    }

    @Test
    void listenersHearCreationUpdatesRemovalsAndEvictions() {
        var cache = new BoundedLruCache(1);
        List<String> heard = new ArrayList<>();
        var registration = cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.add("removed " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                heard.add("evicted " + key);
            }
        });

        cache.put("a", 1);
        cache.put("a", 2);
        cache.put("b", 3);
        cache.remove("b");
        registration.cancel();
        cache.put("c", 4);

        assertThat(heard).containsExactly("created a", "updated a", "created b", "evicted a", "removed b");
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new BoundedLruCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
