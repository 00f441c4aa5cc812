package io.creditcast.media.ingest.rtmp.internal;

import java.io.IOException;
import java.io.OutputStream;

/** FLV file header and tags (audio 8, video 9, script 18), as FFmpeg's {@code -f flv} demuxer reads them. */
public final class FlvWriter {
    public static final int TAG_HEADER_BYTES = 11;

    private FlvWriter() {}

    public static byte[] header(boolean hasAudio, boolean hasVideo) {
        int flags = (hasAudio ? 0x04 : 0) | (hasVideo ? 0x01 : 0);
        return new byte[] {'F', 'L', 'V', 1, (byte) flags, 0, 0, 0, 9, 0, 0, 0, 0};
    }

    /** One tag followed by its PreviousTagSize. */
    public static void writeTag(OutputStream out, int type, long timestampMs, byte[] data) throws IOException {
        byte[] h = new byte[TAG_HEADER_BYTES];
        int size = data.length;
        h[0] = (byte) type;
        h[1] = (byte) (size >> 16);
        h[2] = (byte) (size >> 8);
        h[3] = (byte) size;
        h[4] = (byte) (timestampMs >> 16);
        h[5] = (byte) (timestampMs >> 8);
        h[6] = (byte) timestampMs;
        h[7] = (byte) (timestampMs >> 24); // extended timestamp byte
        out.write(h);
        out.write(data);
        out.write(ChunkWriter.int32(TAG_HEADER_BYTES + size));
    }

    /** An AVC video tag that starts a keyframe (frame type 1) and is not the sequence header. */
    public static boolean isVideoKeyframe(byte[] videoTagData) {
        return videoTagData.length > 0 && (videoTagData[0] >> 4 & 0x0F) == 1;
    }

    /** An AVC/HEVC sequence header (decoder configuration) or an AAC sequence header. */
    public static boolean isSequenceHeader(int type, byte[] data) {
        if (type == 9) {
            return data.length > 1 && (data[0] & 0x0F) == 7 && data[1] == 0;
        }
        return data.length > 1 && (data[0] >> 4 & 0x0F) == 10 && data[1] == 0;
    }
}
