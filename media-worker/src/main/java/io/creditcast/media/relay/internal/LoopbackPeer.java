package io.creditcast.media.relay.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Tells whether a loopback TCP connection the worker accepted comes from one of the worker's own child processes
 * (its FFmpeg encoders) rather than from any other local process: the connection's socket inode is looked up in
 * {@code /proc/net/tcp} and searched among the children's open file descriptors. Linux only; elsewhere the answer
 * is "cannot tell", and the caller decides.
 */
public final class LoopbackPeer {

    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");
    /** /proc/net/tcp lines read at most (a busy host has thousands of sockets; more than this is not searched). */
    private static final long MAX_TCP_LINES = 100_000;

    private LoopbackPeer() {}

    /** Whether /proc can answer at all. */
    public static boolean supported() {
        return Files.isReadable(PROC_NET_TCP);
    }

    /**
     * Whether the IPv4 connection whose far end is {@code peerPort} and near end {@code localPort} is held by a
     * child process of this JVM.
     */
    public static boolean fromChildProcess(int peerPort, int localPort) {
        OptionalLong inode = socketInode(peerPort, localPort);
        if (inode.isEmpty()) {
            return false;
        }
        String link = "socket:[" + inode.getAsLong() + "]";
        return ProcessHandle.current().children().anyMatch(child -> holds(child.pid(), link));
    }

    /** The inode of the socket bound to {@code localPort} and connected to {@code remotePort}, as the peer sees it. */
    static OptionalLong socketInode(int peerPort, int localPort) {
        String near = String.format(Locale.ROOT, ":%04X", peerPort);
        String far = String.format(Locale.ROOT, ":%04X", localPort);
        try (Stream<String> lines = Files.lines(PROC_NET_TCP)) {
            return lines.skip(1)
                    .limit(MAX_TCP_LINES)
                    .map(String::strip)
                    .map(line -> List.of(line.split("\\s+")))
                    .filter(f ->
                            f.size() > 9 && f.get(1).endsWith(near) && f.get(2).endsWith(far))
                    .mapToLong(f -> Long.parseLong(f.get(9)))
                    .filter(inode -> inode != 0)
                    .findFirst();
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static boolean holds(long pid, String link) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(link);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
