package io.creditcast.media.ingest.rtmp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmpWireTest {

    @Test
    void amf0ValuesSurviveARoundTrip() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("app", "live");
        obj.put("tcUrl", "rtmp://127.0.0.1/live");
        obj.put("flag", true);
        byte[] encoded = Amf0.encode("connect", 1.0, obj, null, Amf0.Undefined.INSTANCE);
        assertThat(Amf0.decodeAll(encoded)).containsExactly("connect", 1.0, obj, null, Amf0.Undefined.INSTANCE);
    }

    @Test
    void truncatedOrUnknownAmf0IsRefused() {
        byte[] encoded = Amf0.encode("connect", 1.0);
        assertThatThrownBy(() -> Amf0.decodeAll(java.util.Arrays.copyOf(encoded, encoded.length - 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amf0.decodeAll(new byte[] {0x11})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messagesSplitIntoChunksAreReassembledWithTheirTimestamps() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ChunkWriter writer = new ChunkWriter(wire);
        byte[] big = new byte[10_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        writer.write(6, RtmpMessage.VIDEO, 1234, 1, big);
        writer.write(4, RtmpMessage.AUDIO, 1250, 1, new byte[] {(byte) 0xAF, 1, 2});
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(wire.toByteArray()));
        RtmpMessage video = reader.next();
        assertThat(video.typeId()).isEqualTo(RtmpMessage.VIDEO);
        assertThat(video.timestampMs()).isEqualTo(1234);
        assertThat(video.streamId()).isEqualTo(1);
        assertThat(video.payload()).isEqualTo(big);
        RtmpMessage audio = reader.next();
        assertThat(audio.payload()).containsExactly((byte) 0xAF, 1, 2);
    }

    @Test
    void aPeerChunkSizeAtTheLimitIsAcceptedAndOneMoreIsRefused() throws IOException {
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(new byte[0]));
        reader.setChunkSize(ChunkReader.MAX_CHUNK_SIZE);
        assertThatThrownBy(() -> reader.setChunkSize(ChunkReader.MAX_CHUNK_SIZE + 1))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> reader.setChunkSize(0)).isInstanceOf(IOException.class);
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedBeforeItIsBuffered() throws IOException {
        for (int length : List.of(ChunkReader.MAX_MESSAGE_BYTES, ChunkReader.MAX_MESSAGE_BYTES + 1)) {
            byte[] header = {
                0x06, 0, 0, 0, (byte) (length >> 16), (byte) (length >> 8), (byte) length, RtmpMessage.VIDEO, 1, 0, 0, 0
            };
            ChunkReader reader = new ChunkReader(new ByteArrayInputStream(header));
            if (length == ChunkReader.MAX_MESSAGE_BYTES) {
                assertThatThrownBy(reader::next).isInstanceOf(java.io.EOFException.class); // accepted, then starved
            } else {
                assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("exceeds");
            }
        }
    }

    @Test
    void aChunkStreamMustStartWithAFullHeader() {
        ChunkReader reader = new ChunkReader(new ByteArrayInputStream(new byte[] {(byte) 0xC6, 1, 2, 3}));
        assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("full header");
    }

    @Test
    void flvTagsCarryTheirSizeAndTimestamp() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FlvWriter.writeTag(out, 9, 0x01020304L, new byte[] {0x17, 1});
        byte[] tag = out.toByteArray();
        assertThat(tag).hasSize(FlvWriter.TAG_HEADER_BYTES + 2 + 4);
        assertThat(tag[0]).isEqualTo((byte) 9);
        assertThat(new byte[] {tag[4], tag[5], tag[6], tag[7]}).containsExactly(2, 3, 4, 1);
        assertThat(FlvWriter.isVideoKeyframe(new byte[] {0x17, 1})).isTrue();
        assertThat(FlvWriter.isSequenceHeader(9, new byte[] {0x17, 0})).isTrue();
        assertThat(FlvWriter.isSequenceHeader(8, new byte[] {(byte) 0xAF, 0})).isTrue();
    }
}
