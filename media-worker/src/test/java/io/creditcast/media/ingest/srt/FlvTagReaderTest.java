package io.creditcast.media.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditcast.media.ingest.PublishSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlvTagReaderTest {

    record Tag(String kind, int type, long timestampMs, byte[] data) {}

    static final class Recording implements PublishSink {
        final List<Tag> tags = new ArrayList<>();

        @Override
        public void metadata(byte[] scriptTagData) {
            tags.add(new Tag("metadata", FlvTagReader.SCRIPT, 0, scriptTagData));
        }

        @Override
        public void media(int tagType, long timestampMs, byte[] data) {
            tags.add(new Tag("media", tagType, timestampMs, data));
        }

        @Override
        public void publisherGone() {
            throw new AssertionError("the reader never ends the session itself");
        }
    }

    static final class Flv {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Flv header() {
            out.writeBytes(new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9});
            return this;
        }

        Flv tag(int type, long timestampMs, int size) {
            return tag(type, timestampMs, filled(size));
        }

        Flv tag(int type, long timestampMs, byte[] data) {
            int size = data.length;
            previousTagSize();
            out.write(type);
            u24(size);
            u24((int) (timestampMs & 0xffffff));
            out.write((int) (timestampMs >>> 24) & 0xff);
            u24(0);
            out.writeBytes(data);
            return this;
        }

        /** A tag header announcing {@code size} bytes, without the body. */
        Flv tagHeaderOnly(int type, int size) {
            previousTagSize();
            out.write(type);
            u24(size);
            u24(0);
            out.write(0);
            u24(0);
            return this;
        }

        Flv previousTagSize() {
            out.writeBytes(new byte[4]);
            return this;
        }

        private void u24(int v) {
            out.write((v >>> 16) & 0xff);
            out.write((v >>> 8) & 0xff);
            out.write(v & 0xff);
        }

        FlvTagReader reader() {
            return new FlvTagReader(new ByteArrayInputStream(out.toByteArray()));
        }
    }

    static byte[] filled(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 7);
        return data;
    }

    @Test
    void forwardsScriptAudioAndVideoTagsInOrderWithTheirTimestamps() throws IOException {
        FlvTagReader reader = new Flv()
                .header()
                .tag(FlvTagReader.SCRIPT, 0, 10)
                .tag(FlvTagReader.VIDEO, 0, 20)
                .tag(FlvTagReader.AUDIO, 23, 5)
                .tag(FlvTagReader.VIDEO, 0x1234_5678L, 3) // extended timestamp byte
                .previousTagSize()
                .reader();
        Recording sink = new Recording();
        assertThat(reader.readHeader()).isTrue();
        assertThat(reader.pump(sink)).isEqualTo(4);
        assertThat(sink.tags)
                .extracting(Tag::kind, Tag::type, Tag::timestampMs, t -> t.data().length)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("metadata", 18, 0L, 10),
                        org.assertj.core.groups.Tuple.tuple("media", 9, 0L, 20),
                        org.assertj.core.groups.Tuple.tuple("media", 8, 23L, 5),
                        org.assertj.core.groups.Tuple.tuple("media", 9, 0x1234_5678L, 3));
    }

    @Test
    void skipsTagTypesThatAreNotMedia() throws IOException {
        FlvTagReader reader =
                new Flv().header().tag(7, 0, 4).tag(FlvTagReader.AUDIO, 1, 2).reader();
        Recording sink = new Recording();
        reader.readHeader();
        assertThat(reader.pump(sink)).isEqualTo(1);
        assertThat(sink.tags).singleElement().extracting(Tag::type).isEqualTo(8);
    }

    @Test
    void anEmptyStreamHasNoHeaderAndAStreamCutMidTagEndsQuietly() throws IOException {
        assertThat(new FlvTagReader(new ByteArrayInputStream(new byte[0])).readHeader())
                .isFalse();
        FlvTagReader cut = new Flv()
                .header()
                .tag(FlvTagReader.VIDEO, 0, 4)
                .tagHeaderOnly(FlvTagReader.VIDEO, 100)
                .reader();
        Recording sink = new Recording();
        cut.readHeader();
        assertThat(cut.pump(sink)).isEqualTo(1);
    }

    @Test
    void aTagExactlyAtTheLimitIsForwardedAndOneByteMoreIsRefused() throws IOException {
        FlvTagReader atLimit = new Flv()
                .header()
                .tag(FlvTagReader.VIDEO, 0, FlvTagReader.MAX_TAG_BYTES)
                .reader();
        Recording sink = new Recording();
        atLimit.readHeader();
        assertThat(atLimit.pump(sink)).isEqualTo(1);
        assertThat(sink.tags.getFirst().data()).hasSize(FlvTagReader.MAX_TAG_BYTES);

        FlvTagReader pastLimit = new Flv()
                .header()
                .tagHeaderOnly(FlvTagReader.VIDEO, FlvTagReader.MAX_TAG_BYTES + 1)
                .reader();
        pastLimit.readHeader();
        assertThatThrownBy(() -> pastLimit.pump(new Recording()))
                .isInstanceOf(FlvTagReader.MalformedFlvException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void bytesThatAreNotFlvAreRefused() {
        FlvTagReader notFlv = new FlvTagReader(new ByteArrayInputStream("GET / HTTP/1.1\r\n".getBytes()));
        assertThatThrownBy(notFlv::readHeader).isInstanceOf(FlvTagReader.MalformedFlvException.class);
        FlvTagReader hugeHeader =
                new FlvTagReader(new ByteArrayInputStream(new byte[] {'F', 'L', 'V', 1, 5, 0x7f, 0, 0, 0}));
        assertThatThrownBy(hugeHeader::readHeader).isInstanceOf(FlvTagReader.MalformedFlvException.class);
    }
}
