package io.creditcast.media.ingest;

import io.creditcast.media.command.IngestAuthorization;
import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.media.command.MediaCommandClient;
import io.creditcast.media.command.MediaFact;
import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamKey;
import io.creditcast.stream.StreamStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A command side in memory: knows some keys, records every fact in order, answers status from a map. */
final class RecordingCommandClient implements MediaCommandClient {
    record Reported(String streamId, MediaFact fact) {}

    private final Map<String, StreamKey> keys = new ConcurrentHashMap<>();
    private final Map<String, StreamStatus> statuses = new ConcurrentHashMap<>();
    private final List<Reported> facts = new ArrayList<>();

    private final Map<String, AccessPolicy> policies = new ConcurrentHashMap<>();

    StreamKey newStream(String streamId) {
        return newStream(streamId, AccessPolicy.PUBLIC);
    }

    StreamKey newStream(String streamId, AccessPolicy policy) {
        StreamKey key = StreamKey.generate(streamId);
        policies.put(streamId, policy);
        keys.put(streamId, key);
        statuses.put(streamId, StreamStatus.SCHEDULED);
        return key;
    }

    void setStatus(String streamId, StreamStatus status) {
        statuses.put(streamId, status);
    }

    private final Map<String, String> currentSessions = new ConcurrentHashMap<>();

    /** The stream is {@code status} with this session on the command side (handed out as the resume session). */
    void setSession(String streamId, StreamStatus status, String sessionId) {
        statuses.put(streamId, status);
        currentSessions.put(streamId, sessionId);
    }

    synchronized List<MediaFact> facts(String streamId) {
        return facts.stream()
                .filter(r -> r.streamId().equals(streamId))
                .map(Reported::fact)
                .toList();
    }

    synchronized List<Reported> allFacts() {
        return List.copyOf(facts);
    }

    @Override
    public IngestAuthorization authorize(String streamKey, IngestProtocol protocol) throws IngestRefusedException {
        StreamKey presented = StreamKey.parse(streamKey).orElseThrow(() -> new IngestRefusedException("not a key"));
        StreamKey known = keys.get(presented.streamId());
        if (known == null || !known.value().equals(presented.value())) {
            throw new IngestRefusedException("unknown or revoked key");
        }
        if (!statuses.get(presented.streamId()).acceptsIngest()) {
            throw new IngestRefusedException("the stream is " + statuses.get(presented.streamId()));
        }
        return new IngestAuthorization(
                presented.streamId(),
                policies.get(presented.streamId()),
                true,
                currentSessions.get(presented.streamId()));
    }

    @Override
    public synchronized void report(String streamId, MediaFact fact) {
        facts.add(new Reported(streamId, fact));
    }

    @Override
    public Optional<StreamStatus> status(String streamId) {
        return Optional.ofNullable(statuses.get(streamId));
    }
}
