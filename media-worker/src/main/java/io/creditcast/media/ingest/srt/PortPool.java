package io.creditcast.media.ingest.srt;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * The UDP ports SRT listeners may take, {@code [portFrom, portTo]}. Its size is the limit on streams armed for
 * SRT at once; past it {@link #take()} answers empty. Not thread-safe: {@link SrtIngest} holds its lock.
 */
final class PortPool {
    private final int portFrom;
    private final int size;
    private final BitSet inUse;

    PortPool(int portFrom, int portTo) {
        if (portFrom < 1 || portTo > 65_535 || portTo < portFrom) {
            throw new IllegalArgumentException("ports must be 1 ≤ from ≤ to ≤ 65535: " + portFrom + ".." + portTo);
        }
        this.portFrom = portFrom;
        this.size = portTo - portFrom + 1;
        this.inUse = new BitSet(size);
    }

    /** The lowest free port, now taken; empty when every port is taken. */
    OptionalInt take() {
        int slot = inUse.nextClearBit(0);
        if (slot >= size) {
            return OptionalInt.empty();
        }
        inUse.set(slot);
        return OptionalInt.of(portFrom + slot);
    }

    /** Gives a taken port back; a port outside the pool is a programming error. */
    void release(int port) {
        int slot = port - portFrom;
        if (slot < 0 || slot >= size || !inUse.get(slot)) {
            throw new IllegalStateException("port " + port + " is not taken from this pool");
        }
        inUse.clear(slot);
    }

    int size() {
        return size;
    }

    int taken() {
        return inUse.cardinality();
    }
}
