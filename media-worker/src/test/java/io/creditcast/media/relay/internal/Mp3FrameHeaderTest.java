package io.creditcast.media.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class Mp3FrameHeaderTest {

    /** Two MPEG-1 Layer III frames at {@code bitrateIndex}, 44.1 kHz, no padding, after {@code junk} bytes. */
    static byte[] frames(int bitrateIndex, int kbps, int junk) {
        int frameBytes = 144 * kbps * 1000 / 44_100;
        byte[] data = new byte[junk + 2 * frameBytes + 4];
        for (int f = 0; f < 3; f++) {
            int at = junk + f * frameBytes;
            if (at + 3 < data.length) {
                data[at] = (byte) 0xff;
                data[at + 1] = (byte) 0xfb; // MPEG-1, Layer III, no CRC
                data[at + 2] = (byte) (bitrateIndex << 4); // 44.1 kHz, no padding
                data[at + 3] = (byte) 0x44;
            }
        }
        return data;
    }

    @Test
    void readsTheBitrateOfConfirmedFrames() {
        byte[] data = frames(9, 128, 37);

        assertThat(Mp3FrameHeader.bitrateKbps(data, data.length)).hasValue(128);
        byte[] v320 = frames(14, 320, 0);
        assertThat(Mp3FrameHeader.bitrateKbps(v320, v320.length)).hasValue(320);
    }

    @Test
    void aSingleSyncPatternWithoutAFollowingFrameIsNotTakenForAHeader() {
        byte[] data = new byte[2000];
        data[10] = (byte) 0xff;
        data[11] = (byte) 0xfb;
        data[12] = (byte) 0x90;

        assertThat(Mp3FrameHeader.bitrateKbps(data, data.length)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void freeFormatAndBadBitratesAreRejected() {
        byte[] free = frames(0, 128, 0);
        byte[] bad = frames(15, 128, 0);

        assertThat(Mp3FrameHeader.bitrateKbps(free, free.length)).isEmpty();
        assertThat(Mp3FrameHeader.bitrateKbps(bad, bad.length)).isEmpty();
    }
}
