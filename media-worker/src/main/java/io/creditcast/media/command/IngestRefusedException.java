package io.creditcast.media.command;

/** A publisher may not publish: unknown or revoked key, stream over, or the command side could not be asked. */
public class IngestRefusedException extends Exception {
    public IngestRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
