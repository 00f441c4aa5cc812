package io.creditcast.stream;

/** Who may watch a stream. */
public enum AccessPolicy {
    /** Anyone, free. */
    PUBLIC,
    /** Paid per watched interval from the viewer's wallet. */
    METERED,
    /** Viewers holding a ticket for this stream. */
    TICKETED,
    /** Subscribers of the creator. */
    SUBSCRIBERS
}
