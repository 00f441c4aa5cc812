package io.creditcast.media.ingest.internal;

import io.creditcast.media.ingest.rtmp.internal.FlvWriter;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remuxes a publisher's tags into the FLV stream an FFmpeg process reads on stdin, across two kinds of breaks:
 *
 * <ul>
 *   <li>a new FFmpeg process (encoder restart): it gets a fresh FLV header, the last metadata and sequence
 *       headers, and then media from the next video keyframe on;
 *   <li>a new publisher connection (reconnect within the grace period): its timestamps are shifted to continue
 *       after the last one written, so the encoder sees one continuous input.
 * </ul>
 *
 * A write error (the encoder died) detaches the process; tags are dropped until the next one is attached.
 */
public final class FlvFeed {
    private static final Logger log = LoggerFactory.getLogger(FlvFeed.class);
    /** Gap inserted between the last tag of one connection and the first of the next. */
    static final long RECONNECT_GAP_MS = 40;

    private final String name;
    private OutputStream out;
    private byte[] metadata;
    private byte[] audioSequenceHeader;
    private byte[] videoSequenceHeader;
    private boolean waitingForKeyframe = true;
    private boolean rebasePending;
    private long offsetMs;
    private long lastTimestampMs = -1;
    private long bytesWritten;
    private boolean closed;

    public FlvFeed(String name) {
        this.name = name;
    }

    /** A new FFmpeg process reads from {@code stdin}. */
    public synchronized void attach(OutputStream stdin) {
        if (closed) {
            closeQuietly(stdin);
            return;
        }
        closeQuietly(out);
        out = stdin;
        waitingForKeyframe = true;
        long ts = Math.max(0, lastTimestampMs);
        try {
            out.write(FlvWriter.header(true, true));
            if (metadata != null) {
                FlvWriter.writeTag(out, 18, ts, metadata);
            }
            if (videoSequenceHeader != null) {
                FlvWriter.writeTag(out, 9, ts, videoSequenceHeader);
            }
            if (audioSequenceHeader != null) {
                FlvWriter.writeTag(out, 8, ts, audioSequenceHeader);
            }
            out.flush();
        } catch (IOException e) {
            detach(e);
        }
    }

    /** The publisher changed (reconnect): shift its timestamps to continue, and wait for a keyframe. */
    public synchronized void newSource() {
        rebasePending = lastTimestampMs >= 0;
        waitingForKeyframe = true;
    }

    public synchronized void metadata(byte[] scriptTagData) {
        metadata = scriptTagData;
    }

    public synchronized void write(int type, long timestampMs, byte[] data) {
        if (closed) {
            return;
        }
        if (rebasePending) {
            offsetMs = lastTimestampMs + RECONNECT_GAP_MS - timestampMs;
            rebasePending = false;
        }
        long ts = Math.max(0, timestampMs + offsetMs);
        boolean sequenceHeader = FlvWriter.isSequenceHeader(type, data);
        if (sequenceHeader) {
            if (type == 9) {
                videoSequenceHeader = data;
            } else {
                audioSequenceHeader = data;
            }
        }
        if (out == null) {
            return;
        }
        if (!sequenceHeader && waitingForKeyframe) {
            if (type != 9 || !FlvWriter.isVideoKeyframe(data)) {
                return;
            }
            waitingForKeyframe = false;
        }
        try {
            FlvWriter.writeTag(out, type, ts, data);
            out.flush();
            bytesWritten += FlvWriter.TAG_HEADER_BYTES + data.length + 4;
            lastTimestampMs = Math.max(lastTimestampMs, ts);
        } catch (IOException e) {
            detach(e);
        }
    }

    public synchronized long bytesWritten() {
        return bytesWritten;
    }

    public synchronized long lastTimestampMs() {
        return lastTimestampMs;
    }

    /** Ends the input: FFmpeg reads EOF and finishes its outputs. */
    public synchronized void close() {
        closed = true;
        closeQuietly(out);
        out = null;
    }

    private void detach(IOException e) {
        log.info("feed {}: encoder input closed ({}); waiting for a restarted encoder", name, e.toString());
        closeQuietly(out);
        out = null;
    }

    private static void closeQuietly(OutputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
