package io.creditcast.media.ingest.rtmp.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Reassembles RTMP messages from interleaved chunk streams (RTMP 1.0 §5.3). Every peer-controlled size is bounded:
 * the chunk size, the message length and the number of chunk streams; a violation is an {@link IOException} and the
 * connection is dropped.
 */
public final class ChunkReader {
    /** Largest chunk size a peer may set (OBS uses 4096; the spec allows far more). */
    public static final int MAX_CHUNK_SIZE = 65_536;
    /** Largest single message (a keyframe of a high-bitrate stream fits easily). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** Distinct chunk stream ids per connection. */
    public static final int MAX_CHUNK_STREAMS = 64;

    private final DataInputStream in;
    private final Map<Integer, State> streams = new HashMap<>();
    private int chunkSize = 128;
    private long bytesRead;

    private static final class State {
        long timestamp;
        long delta;
        int length;
        int typeId;
        int streamId;
        boolean extended;
        byte[] buffer;
        int filled;
    }

    public ChunkReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    public long bytesRead() {
        return bytesRead;
    }

    public void setChunkSize(int size) throws IOException {
        if (size < 1 || size > MAX_CHUNK_SIZE) {
            throw new IOException("peer chunk size out of range 1.." + MAX_CHUNK_SIZE + ": " + size);
        }
        chunkSize = size;
    }

    /** Reads chunks until one message is complete. */
    public RtmpMessage next() throws IOException {
        while (true) {
            int first = readByte();
            int fmt = first >> 6;
            int csid = first & 0x3F;
            if (csid == 0) {
                csid = 64 + readByte();
            } else if (csid == 1) {
                int b1 = readByte();
                csid = 64 + b1 + readByte() * 256;
            }
            State s = streams.get(csid);
            if (s == null) {
                if (streams.size() >= MAX_CHUNK_STREAMS) {
                    throw new IOException("too many chunk streams");
                }
                if (fmt != 0) {
                    throw new IOException("chunk stream " + csid + " starts without a full header");
                }
                s = new State();
                streams.put(csid, s);
            }
            boolean newMessage = s.buffer == null || s.filled == s.length;
            if (fmt <= 2) {
                long ts = readUnsigned(3);
                if (fmt <= 1) {
                    s.length = (int) readUnsigned(3);
                    s.typeId = readByte();
                    if (fmt == 0) {
                        s.streamId = Integer.reverseBytes(readInt());
                    }
                }
                s.extended = ts == 0xFFFFFF;
                if (s.extended) {
                    ts = readInt() & 0xFFFFFFFFL;
                }
                if (fmt == 0) {
                    s.timestamp = ts;
                    s.delta = 0;
                } else {
                    s.delta = ts;
                    s.timestamp += ts;
                }
                newMessage = true;
            } else {
                if (s.extended) {
                    readInt(); // repeated extended timestamp
                }
                if (newMessage) {
                    s.timestamp += s.delta;
                }
            }
            if (newMessage) {
                if (s.length < 0 || s.length > MAX_MESSAGE_BYTES) {
                    throw new IOException("message of " + s.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
                }
                s.buffer = new byte[s.length];
                s.filled = 0;
            }
            int n = Math.min(chunkSize, s.length - s.filled);
            in.readFully(s.buffer, s.filled, n);
            bytesRead += n;
            s.filled += n;
            if (s.filled == s.length) {
                return new RtmpMessage(csid, s.typeId, s.timestamp & 0xFFFFFFFFL, s.streamId, s.buffer);
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        bytesRead++;
        return b;
    }

    private int readInt() throws IOException {
        bytesRead += 4;
        return in.readInt();
    }

    private long readUnsigned(int bytes) throws IOException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | readByte();
        }
        return v;
    }
}
