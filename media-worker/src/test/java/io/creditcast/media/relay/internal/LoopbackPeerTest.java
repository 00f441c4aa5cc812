package io.creditcast.media.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.creditcast.media.TestMedia;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopbackPeerTest {

    @Test
    void aConnectionFromAChildProcessIsRecognisedAndOneFromElsewhereIsNot() throws IOException {
        assumeTrue(LoopbackPeer.supported(), "needs Linux /proc");
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            try (Socket fromThisJvm = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    Socket accepted = server.accept()) {
                assertThat(LoopbackPeer.fromChildProcess(accepted.getPort(), accepted.getLocalPort()))
                        .isFalse();
            }
            Process child = TestMedia.ffmpeg()
                    .ffmpegProcess(List.of(
                            "-hide_banner",
                            "-nostdin",
                            "-loglevel",
                            "error",
                            "-re",
                            "-f",
                            "lavfi",
                            "-i",
                            "sine",
                            "-c:a",
                            "libmp3lame",
                            "-f",
                            "mp3",
                            "tcp://127.0.0.1:" + server.getLocalPort()))
                    .start();
            try (Socket accepted = server.accept()) {
                assertThat(LoopbackPeer.fromChildProcess(accepted.getPort(), accepted.getLocalPort()))
                        .isTrue();
            } finally {
                child.destroyForcibly();
            }
        }
    }
}
