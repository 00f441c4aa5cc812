package io.creditcast.command.eventstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The aggregate cache: a strongly referenced, least-recently-used map with an explicit capacity.
 *
 * <p>Axon's {@code WeakReferenceCache} loses its entries at every young collection, so under load most
 * commands re-read the aggregate's snapshot and events (measured: ~60% of the metering workers' time went
 * into re-sourcing wallets). This cache keeps the last {@code capacity} aggregates until they are evicted
 * for newer ones. Axon updates an entry only after its unit of work commits and removes it on rollback, so
 * a cached aggregate is always the committed state.
 */
public final class BoundedLruCache implements Cache {
    private final int capacity;
    private final Map<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    public BoundedLruCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int size() {
        return entries.size();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        V value;
        synchronized (this) {
            value = (V) entries.get(key);
        }
        if (value != null) {
            notify(l -> l.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        Object previous;
        Map.Entry<Object, Object> evicted;
        synchronized (this) {
            previous = entries.put(key, value);
            evicted = evictEldestIfFull();
        }
        if (previous == null) {
            notify(l -> l.onEntryCreated(key, value));
        } else {
            notify(l -> l.onEntryUpdated(key, value));
        }
        notifyEvicted(evicted);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        Map.Entry<Object, Object> evicted;
        synchronized (this) {
            if (entries.containsKey(key)) {
                return false;
            }
            entries.put(key, value);
            evicted = evictEldestIfFull();
        }
        notify(l -> l.onEntryCreated(key, value));
        notifyEvicted(evicted);
        return true;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed;
        synchronized (this) {
            removed = entries.remove(key) != null;
        }
        if (removed) {
            notify(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (this) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
        }
        keys.forEach(key -> notify(l -> l.onEntryRemoved(key)));
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private Map.Entry<Object, Object> evictEldestIfFull() {
        if (entries.size() <= capacity) {
            return null;
        }
        var eldest = entries.entrySet().iterator().next();
        var copy = Map.entry(eldest.getKey(), eldest.getValue());
        entries.remove(eldest.getKey());
        return copy;
    }

    private void notifyEvicted(Map.Entry<Object, Object> evicted) {
        if (evicted != null) {
            notify(l -> l.onEntryExpired(evicted.getKey()));
        }
    }

    private void notify(Consumer<EntryListener> event) {
        if (!listeners.isEmpty()) {
            listeners.forEach(event);
        }
    }
}
