package io.creditcast.media.ffmpeg.internal;

import java.util.ArrayDeque;
import java.util.List;

/** The last {@code capacityLines} lines of a stream, each cut to {@link #MAX_LINE_CHARS}. Thread-safe. */
public final class StderrTail {

    public static final int MAX_LINE_CHARS = 1_000;

    private final int capacityLines;
    private final ArrayDeque<String> lines;

    public StderrTail(int capacityLines) {
        if (capacityLines < 1 || capacityLines > 10_000) {
            throw new IllegalArgumentException("capacityLines must be 1..10000: " + capacityLines);
        }
        this.capacityLines = capacityLines;
        this.lines = new ArrayDeque<>(capacityLines);
    }

    public synchronized void add(String line) {
        if (lines.size() == capacityLines) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
    }

    public synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }
}
