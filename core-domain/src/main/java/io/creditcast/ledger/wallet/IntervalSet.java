package io.creditcast.ledger.wallet;

import java.util.Arrays;

/** The interval indexes already paid for in one session: a growable bitset kept in snapshots. */
final class IntervalSet {
    private long[] words = new long[1];

    boolean contains(long index) {
        int word = (int) (index >>> 6);
        return word < words.length && (words[word] & (1L << (index & 63))) != 0;
    }

    void add(long index) {
        int word = (int) (index >>> 6);
        if (word >= words.length) {
            words = Arrays.copyOf(words, Math.max(word + 1, words.length * 2));
        }
        words[word] |= 1L << (index & 63);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IntervalSet other)) {
            return false;
        }
        int n = Math.max(words.length, other.words.length);
        for (int i = 0; i < n; i++) {
            long a = i < words.length ? words[i] : 0;
            long b = i < other.words.length ? other.words[i] : 0;
            if (a != b) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size());
    }

    long size() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }
}
