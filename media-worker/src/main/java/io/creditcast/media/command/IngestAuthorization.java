package io.creditcast.media.command;

import io.creditcast.stream.AccessPolicy;

/**
 * The command side accepted a publisher's key.
 *
 * @param resumeSessionId the live or paused session a reconnect continues, or null for a new one
 */
public record IngestAuthorization(
        String streamId, AccessPolicy accessPolicy, boolean recordingEnabled, String resumeSessionId) {}
