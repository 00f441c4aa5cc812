package io.creditcast.media.ingest.rtmp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMF0, the value encoding of RTMP commands and FLV script data: numbers (doubles), booleans, strings, objects,
 * ECMA and strict arrays, null and undefined. Decoding is bounded ({@link #MAX_DEPTH}, {@link #MAX_ENTRIES}) and
 * throws {@link IllegalArgumentException} on anything malformed.
 */
public final class Amf0 {
    public static final int MAX_DEPTH = 8;
    public static final int MAX_ENTRIES = 1_024;

    /** AMF0's undefined (distinct from null). */
    public enum Undefined {
        INSTANCE
    }

    private static final int NUMBER = 0x00;
    private static final int BOOLEAN = 0x01;
    private static final int STRING = 0x02;
    private static final int OBJECT = 0x03;
    private static final int NULL = 0x05;
    private static final int UNDEFINED = 0x06;
    private static final int ECMA_ARRAY = 0x08;
    private static final int OBJECT_END = 0x09;
    private static final int STRICT_ARRAY = 0x0A;
    private static final int DATE = 0x0B;
    private static final int LONG_STRING = 0x0C;

    private Amf0() {}

    /** Decodes every value in {@code data}. */
    public static List<Object> decodeAll(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data);
        List<Object> values = new ArrayList<>();
        while (in.hasRemaining()) {
            if (values.size() >= MAX_ENTRIES) {
                throw new IllegalArgumentException("too many AMF0 values");
            }
            values.add(decode(in, 0));
        }
        return values;
    }

    public static Object decode(ByteBuffer in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("AMF0 nested too deeply");
        }
        try {
            int marker = in.get() & 0xFF;
            return switch (marker) {
                case NUMBER -> in.getDouble();
                case BOOLEAN -> in.get() != 0;
                case STRING -> shortString(in);
                case OBJECT -> properties(in, depth);
                case NULL -> null;
                case UNDEFINED -> Undefined.INSTANCE;
                case ECMA_ARRAY -> {
                    in.getInt(); // approximate count; the end marker decides
                    yield properties(in, depth);
                }
                case STRICT_ARRAY -> {
                    int count = in.getInt();
                    if (count < 0 || count > MAX_ENTRIES) {
                        throw new IllegalArgumentException("AMF0 array too long: " + count);
                    }
                    List<Object> list = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        list.add(decode(in, depth + 1));
                    }
                    yield list;
                }
                case DATE -> {
                    double ms = in.getDouble();
                    in.getShort();
                    yield ms;
                }
                case LONG_STRING -> {
                    int length = in.getInt();
                    if (length < 0 || length > in.remaining()) {
                        throw new IllegalArgumentException("AMF0 long string overruns the message");
                    }
                    byte[] bytes = new byte[length];
                    in.get(bytes);
                    yield new String(bytes, StandardCharsets.UTF_8);
                }
                default -> throw new IllegalArgumentException("unsupported AMF0 marker " + marker);
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated AMF0 value", e);
        }
    }

    private static String shortString(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        if (length > in.remaining()) {
            throw new IllegalArgumentException("AMF0 string overruns the message");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> properties(ByteBuffer in, int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            String key = shortString(in);
            if (key.isEmpty() && in.hasRemaining() && (in.get(in.position()) & 0xFF) == OBJECT_END) {
                in.get();
                return map;
            }
            if (map.size() >= MAX_ENTRIES) {
                throw new IllegalArgumentException("AMF0 object has too many properties");
            }
            map.put(key, decode(in, depth + 1));
        }
    }

    /** Encodes {@code values} one after another (Double/Integer/Long as numbers, Map as object). */
    public static byte[] encode(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (Object value : values) {
            write(out, value);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case null -> out.write(NULL);
            case Undefined u -> out.write(UNDEFINED);
            case Boolean b -> {
                out.write(BOOLEAN);
                out.write(b ? 1 : 0);
            }
            case Number n -> {
                out.write(NUMBER);
                out.writeBytes(ByteBuffer.allocate(8).putDouble(n.doubleValue()).array());
            }
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                out.write(STRING);
                writeShortString(out, bytes);
            }
            case Map<?, ?> map -> {
                out.write(OBJECT);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    writeShortString(out, String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8));
                    write(out, e.getValue());
                }
                out.write(0);
                out.write(0);
                out.write(OBJECT_END);
            }
            default -> throw new IllegalArgumentException("cannot encode " + value.getClass() + " as AMF0");
        }
    }

    private static void writeShortString(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("AMF0 string too long");
        }
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }
}
