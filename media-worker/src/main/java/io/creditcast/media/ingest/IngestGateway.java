package io.creditcast.media.ingest;

import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.stream.IngestProtocol;

/** Where an ingest protocol hands a publisher once it has asked to publish under a stream key. */
public interface IngestGateway {

    /**
     * Authorizes {@code streamKey} and returns where the publisher's media goes.
     *
     * @param disconnect cuts the publisher's connection (used on takedown and when the encoder fails for good)
     * @throws IngestRefusedException unknown or revoked key, stream over, already publishing, or no capacity
     */
    PublishSink publish(String streamKey, IngestProtocol protocol, Runnable disconnect) throws IngestRefusedException;
}
