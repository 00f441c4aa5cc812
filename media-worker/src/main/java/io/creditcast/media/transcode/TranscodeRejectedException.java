package io.creditcast.media.transcode;

/** The scheduler refused a job; nothing was queued or started. */
public final class TranscodeRejectedException extends Exception {

    public enum Reason {
        /** All process slots are busy and the wait queue is at its limit. */
        QUEUE_FULL,
        /** A job with the same id is queued or running. */
        DUPLICATE_JOB,
        /** The scheduler is shutting down. */
        SHUTTING_DOWN
    }

    private final JobId jobId;
    private final Reason reason;

    public TranscodeRejectedException(JobId jobId, Reason reason, String message) {
        super(message);
        this.jobId = jobId;
        this.reason = reason;
    }

    public JobId jobId() {
        return jobId;
    }

    public Reason reason() {
        return reason;
    }
}
