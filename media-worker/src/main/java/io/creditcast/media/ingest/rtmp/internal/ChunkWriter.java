package io.creditcast.media.ingest.rtmp.internal;

import java.io.IOException;
import java.io.OutputStream;

/** Writes RTMP messages as chunks (full header first, then type-3 continuation chunks). Not thread-safe. */
public final class ChunkWriter {
    private final OutputStream out;
    private int chunkSize = 128;

    public ChunkWriter(OutputStream out) {
        this.out = out;
    }

    /** Sends Set Chunk Size and uses {@code size} from then on. */
    public void setChunkSize(int size) throws IOException {
        write(2, RtmpMessage.SET_CHUNK_SIZE, 0, 0, int32(size));
        chunkSize = size;
    }

    public void write(int csid, int typeId, long timestamp, int streamId, byte[] payload) throws IOException {
        if (csid < 2 || csid > 63) {
            throw new IllegalArgumentException("only one-byte chunk stream ids are written: " + csid);
        }
        byte[] header = new byte[12];
        header[0] = (byte) csid;
        int ts = (int) Math.min(timestamp, 0xFFFFFE);
        header[1] = (byte) (ts >> 16);
        header[2] = (byte) (ts >> 8);
        header[3] = (byte) ts;
        header[4] = (byte) (payload.length >> 16);
        header[5] = (byte) (payload.length >> 8);
        header[6] = (byte) payload.length;
        header[7] = (byte) typeId;
        header[8] = (byte) streamId; // little-endian
        header[9] = (byte) (streamId >> 8);
        header[10] = (byte) (streamId >> 16);
        header[11] = (byte) (streamId >> 24);
        out.write(header);
        for (int offset = 0; offset < payload.length; offset += chunkSize) {
            if (offset > 0) {
                out.write(0xC0 | csid);
            }
            out.write(payload, offset, Math.min(chunkSize, payload.length - offset));
        }
        out.flush();
    }

    public static byte[] int32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }
}
