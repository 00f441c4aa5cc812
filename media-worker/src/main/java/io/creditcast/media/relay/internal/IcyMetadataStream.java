package io.creditcast.media.relay.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The audio of an ICY body: every {@code metaintBytes} audio bytes the source inserts one length byte
 * ({@code n}) and {@code n * 16} bytes of metadata ({@code StreamTitle='...';StreamUrl='...';}, NUL-padded).
 * This stream returns only the audio and hands each {@code StreamTitle} to {@code onTitle} (also an empty one).
 * A metadata block is at most 4 080 bytes by construction; titles are cut at {@link #MAX_TITLE_CHARS}.
 */
public final class IcyMetadataStream extends FilterInputStream {

    public static final int MAX_TITLE_CHARS = 256;
    private static final String TITLE_KEY = "StreamTitle='";

    private final int metaintBytes;
    private final Consumer<String> onTitle;
    private int audioLeft;

    public IcyMetadataStream(InputStream in, int metaintBytes, Consumer<String> onTitle) {
        super(in);
        if (metaintBytes < 0) {
            throw new IllegalArgumentException("metaintBytes must not be negative: " + metaintBytes);
        }
        this.metaintBytes = metaintBytes;
        this.onTitle = Objects.requireNonNull(onTitle, "onTitle");
        this.audioLeft = metaintBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (metaintBytes == 0) {
            return in.read(b, off, len);
        }
        if (audioLeft == 0) {
            if (!readMetadataBlock()) {
                return -1;
            }
            audioLeft = metaintBytes;
        }
        int n = in.read(b, off, Math.min(len, audioLeft));
        if (n > 0) {
            audioLeft -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(n, 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private boolean readMetadataBlock() throws IOException {
        int length = in.read();
        if (length == -1) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        byte[] block = in.readNBytes(length * 16);
        if (block.length < length * 16) {
            return false;
        }
        streamTitle(block).ifPresent(onTitle);
        return true;
    }

    /** The {@code StreamTitle} of one metadata block (UTF-8 if valid, else ISO-8859-1; control characters removed). */
    static Optional<String> streamTitle(byte[] block) {
        int end = block.length;
        while (end > 0 && block[end - 1] == 0) {
            end--;
        }
        String text = decode(block, end);
        int start = text.indexOf(TITLE_KEY);
        if (start < 0) {
            return Optional.empty();
        }
        start += TITLE_KEY.length();
        int stop = text.indexOf("';", start);
        if (stop < 0) {
            stop = text.lastIndexOf('\'');
            if (stop < start) {
                stop = text.length();
            }
        }
        String title = text.substring(start, stop).replaceAll("\\p{Cntrl}", "").strip();
        if (title.length() > MAX_TITLE_CHARS) {
            title = title.substring(0, MAX_TITLE_CHARS);
        }
        return Optional.of(title);
    }

    private static String decode(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
