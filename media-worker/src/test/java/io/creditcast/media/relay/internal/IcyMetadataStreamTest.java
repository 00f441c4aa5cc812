package io.creditcast.media.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcyMetadataStreamTest {
    static final int METAINT = 16;

    static byte[] block(String metadata, java.nio.charset.Charset charset) {
        byte[] text = metadata.getBytes(charset);
        int blocks = (text.length + 15) / 16;
        byte[] out = new byte[1 + blocks * 16];
        out[0] = (byte) blocks;
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    static byte[] audio(int n, int seed) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) seed);
        return a;
    }

    @Test
    void splitsTheAudioFromTheMetadataAndReportsEveryTitle() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(audio(METAINT, 1));
        wire.writeBytes(block("StreamTitle='First Song';StreamUrl='';", StandardCharsets.UTF_8));
        wire.writeBytes(audio(METAINT, 2));
        wire.write(0); // no metadata this time
        wire.writeBytes(audio(METAINT, 3));
        wire.writeBytes(block("StreamTitle='Don't Stop – Ünïcode';", StandardCharsets.UTF_8));
        wire.writeBytes(audio(5, 4));
        List<String> titles = new ArrayList<>();

        byte[] out = new IcyMetadataStream(new ByteArrayInputStream(wire.toByteArray()), METAINT, titles::add)
                .readAllBytes();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(audio(METAINT, 1));
        expected.writeBytes(audio(METAINT, 2));
        expected.writeBytes(audio(METAINT, 3));
        expected.writeBytes(audio(5, 4));
        assertThat(out).isEqualTo(expected.toByteArray());
        assertThat(titles).containsExactly("First Song", "Don't Stop – Ünïcode");
    }

    @Test
    void latin1TitlesAreReadAsLatin1() {
        byte[] block = block("StreamTitle='Caf\u00e9';", StandardCharsets.ISO_8859_1);

        assertThat(IcyMetadataStream.streamTitle(Arrays.copyOfRange(block, 1, block.length)))
                .hasValue("Café");
    }

    @Test
    void anEmptyTitleIsReportedAndTitlesAreCutAtTheLimit() {
        assertThat(IcyMetadataStream.streamTitle("StreamTitle='';".getBytes(StandardCharsets.UTF_8)))
                .hasValue("");
        String atLimit = "a".repeat(IcyMetadataStream.MAX_TITLE_CHARS);
        assertThat(IcyMetadataStream.streamTitle(("StreamTitle='" + atLimit + "';").getBytes(StandardCharsets.UTF_8)))
                .hasValue(atLimit);
        assertThat(IcyMetadataStream.streamTitle(("StreamTitle='" + atLimit + "b';").getBytes(StandardCharsets.UTF_8)))
                .hasValue(atLimit);
    }

    @Test
    void controlCharactersAreRemovedAndBlocksWithoutATitleReportNothing() {
        assertThat(IcyMetadataStream.streamTitle("StreamTitle='a\u0007b\nc';".getBytes(StandardCharsets.UTF_8)))
                .hasValue("abc");
        assertThat(IcyMetadataStream.streamTitle("StreamUrl='x';".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void aStreamCutInsideAMetadataBlockEnds() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(audio(METAINT, 1));
        wire.write(10); // announces 160 bytes
        wire.writeBytes("StreamTitle='x".getBytes(StandardCharsets.UTF_8));
        List<String> titles = new ArrayList<>();

        byte[] out = new IcyMetadataStream(new ByteArrayInputStream(wire.toByteArray()), METAINT, titles::add)
                .readAllBytes();

        assertThat(out).hasSize(METAINT);
        assertThat(titles).isEmpty();
    }

    @Test
    void withoutMetaintEverythingIsAudio() throws IOException {
        byte[] wire = audio(100, 7);

        assertThat(new IcyMetadataStream(new ByteArrayInputStream(wire), 0, t -> {}).readAllBytes())
                .isEqualTo(wire);
    }
}
