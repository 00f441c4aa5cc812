package io.creditcast.media.ingest.srt;

import io.creditcast.media.ingest.PublishSink;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an FLV byte stream (what FFmpeg's {@code -f flv pipe:1} writes) and hands its tags to a {@link
 * PublishSink}, as the RTMP server does with a publisher's messages. Every size the stream controls is
 * bounded: a tag body above {@link #MAX_TAG_BYTES} is refused.
 */
final class FlvTagReader {
    /** The same bound as an RTMP message. */
    static final int MAX_TAG_BYTES = 8 * 1024 * 1024;

    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int SCRIPT = 18;

    private final DataInputStream in;

    FlvTagReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** Reads the FLV file header; blocks until the first bytes arrive. False at a clean end of stream. */
    boolean readHeader() throws IOException {
        int first = in.read();
        if (first < 0) {
            return false;
        }
        byte[] rest = new byte[8];
        in.readFully(rest);
        if (first != 'F' || rest[0] != 'L' || rest[1] != 'V' || rest[2] != 1) {
            throw new MalformedFlvException("not an FLV stream");
        }
        int headerSize =
                ((rest[4] & 0xff) << 24) | ((rest[5] & 0xff) << 16) | ((rest[6] & 0xff) << 8) | (rest[7] & 0xff);
        if (headerSize < 9 || headerSize > 64) {
            throw new MalformedFlvException("FLV header size " + headerSize);
        }
        in.skipNBytes(headerSize - 9);
        return true;
    }

    /**
     * Forwards tags until the stream ends. Audio and video go to {@link PublishSink#media}, script data to
     * {@link PublishSink#metadata}; other tag types are skipped. Returns the number of tags forwarded.
     */
    long pump(PublishSink sink) throws IOException {
        long forwarded = 0;
        while (true) {
            try {
                in.readInt(); // previous tag size
            } catch (EOFException end) {
                return forwarded;
            }
            int type = in.read();
            if (type < 0) {
                return forwarded;
            }
            int size = readUnsigned24();
            long timestamp = readUnsigned24() | ((long) in.readUnsignedByte() << 24);
            readUnsigned24(); // stream id, always 0
            if (size > MAX_TAG_BYTES) {
                throw new MalformedFlvException("FLV tag of " + size + " bytes (limit " + MAX_TAG_BYTES + ")");
            }
            byte[] data = in.readNBytes(size);
            if (data.length < size) {
                return forwarded; // the stream ended mid-tag: the publisher is gone
            }
            switch (type & 0x1f) {
                case AUDIO, VIDEO -> {
                    sink.media(type & 0x1f, timestamp, data);
                    forwarded++;
                }
                case SCRIPT -> {
                    sink.metadata(data);
                    forwarded++;
                }
                default -> {
                    // not media: nothing to forward
                }
            }
        }
    }

    private int readUnsigned24() throws IOException {
        return (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    }

    /** The bytes are not an FLV stream, or break one of its bounds. */
    static final class MalformedFlvException extends IOException {
        MalformedFlvException(String message) {
            super(message);
        }
    }
}
