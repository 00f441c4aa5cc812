package io.creditcast.media.ingest;

/** A publisher's media, in FLV tag terms. Called from the publisher's connection thread, in order. */
public interface PublishSink {

    /** {@code onMetaData} script data (AMF0 encoded, as an FLV script tag body). */
    void metadata(byte[] scriptTagData);

    /** An audio (8) or video (9) tag body with its timestamp. */
    void media(int tagType, long timestampMs, byte[] data);

    /** The publisher is gone (stopped, disconnected or cut); called exactly once. */
    void publisherGone();
}
