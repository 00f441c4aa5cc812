package io.creditcast.media.relay.internal;

import java.util.OptionalInt;

/**
 * Reads the bitrate of an MPEG audio Layer III stream from its frame headers, for sources that send no
 * {@code icy-br}. A header counts only when the next frame starts exactly where its length says, so a stray
 * sync pattern in the data is not taken for one.
 */
public final class Mp3FrameHeader {

    private static final int[] BITRATES_V1_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] BITRATES_V2_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[][] SAMPLE_RATES_HZ = {
        {11_025, 12_000, 8_000}, // MPEG 2.5 (version bits 00)
        {}, // reserved (01)
        {22_050, 24_000, 16_000}, // MPEG 2 (10)
        {44_100, 48_000, 32_000} // MPEG 1 (11)
    };

    private Mp3FrameHeader() {}

    /** The bitrate of the first confirmed Layer III frame in {@code data[0..length)}. */
    public static OptionalInt bitrateKbps(byte[] data, int length) {
        for (int i = 0; i + 4 <= length; i++) {
            int frameBytes = frameLength(data, i);
            if (frameBytes > 0 && i + frameBytes + 4 <= length && frameLength(data, i + frameBytes) > 0) {
                return OptionalInt.of(bitrate(data, i));
            }
        }
        return OptionalInt.empty();
    }

    /** The frame length in bytes of a valid Layer III header at {@code i}, else -1. */
    static int frameLength(byte[] d, int i) {
        int b1 = d[i] & 0xff;
        int b2 = d[i + 1] & 0xff;
        int b3 = d[i + 2] & 0xff;
        if (b1 != 0xff || (b2 & 0xe0) != 0xe0) {
            return -1;
        }
        int version = (b2 >> 3) & 0x3;
        int layer = (b2 >> 1) & 0x3;
        int bitrateIndex = (b3 >> 4) & 0xf;
        int rateIndex = (b3 >> 2) & 0x3;
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return -1;
        }
        int kbps = version == 3 ? BITRATES_V1_KBPS[bitrateIndex] : BITRATES_V2_KBPS[bitrateIndex];
        int sampleRate = SAMPLE_RATES_HZ[version][rateIndex];
        int padding = (b3 >> 1) & 0x1;
        int coefficient = version == 3 ? 144 : 72;
        return coefficient * kbps * 1000 / sampleRate + padding;
    }

    private static int bitrate(byte[] d, int i) {
        int version = ((d[i + 1] & 0xff) >> 3) & 0x3;
        int bitrateIndex = ((d[i + 2] & 0xff) >> 4) & 0xf;
        return version == 3 ? BITRATES_V1_KBPS[bitrateIndex] : BITRATES_V2_KBPS[bitrateIndex];
    }
}
