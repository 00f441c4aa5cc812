package io.creditcast.media.transcode;

/** Whether a job ends by itself. */
public enum JobKind {
    /** Runs until stopped (live ingest); restarted with backoff when its encoder dies. */
    LIVE,
    /** Ends when its input ends (upload, recording remux); a failure is final. */
    FINITE
}
