package io.creditcast.media.upload;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * In-memory upload states, at most {@code maxTracked}: when full, the oldest finished upload is forgotten
 * (its files stay on disk). Not persistent yet: a restart forgets every upload.
 */
public final class UploadRegistry {

    private final int maxTracked;
    private final LinkedHashMap<UploadId, Upload> uploads = new LinkedHashMap<>();

    public UploadRegistry(int maxTracked) {
        this.maxTracked = maxTracked;
    }

    public synchronized void add(Upload upload) {
        if (uploads.size() >= maxTracked) {
            Iterator<Map.Entry<UploadId, Upload>> oldestFirst =
                    uploads.entrySet().iterator();
            while (oldestFirst.hasNext() && uploads.size() >= maxTracked) {
                if (oldestFirst.next().getValue().status().isFinal()) {
                    oldestFirst.remove();
                }
            }
        }
        uploads.put(upload.id(), upload);
    }

    public synchronized Optional<Upload> find(UploadId id) {
        return Optional.ofNullable(uploads.get(id));
    }

    public synchronized void update(UploadId id, UnaryOperator<Upload> change) {
        uploads.computeIfPresent(id, (key, upload) -> change.apply(upload));
    }

    public synchronized void remove(UploadId id) {
        uploads.remove(id);
    }

    public synchronized int size() {
        return uploads.size();
    }
}
