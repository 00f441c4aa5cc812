package io.creditcast.media.ingest.rtmp.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The server side of the plain RTMP handshake: C0+C1 → S0+S1+S2 → C2. Publishers (FFmpeg, OBS) accept the plain
 * form; the digest form is only checked by players of encrypted streams.
 */
public final class Handshake {
    public static final int VERSION = 3;
    public static final int PACKET_BYTES = 1536;

    private Handshake() {}

    public static void serve(InputStream rawIn, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        int version = in.read();
        if (version != VERSION) {
            throw new IOException("not RTMP: handshake version " + version);
        }
        byte[] c1 = new byte[PACKET_BYTES];
        in.readFully(c1);
        byte[] s1 = new byte[PACKET_BYTES];
        ThreadLocalRandom.current().nextBytes(s1);
        int uptime = (int) (System.nanoTime() / 1_000_000);
        System.arraycopy(ChunkWriter.int32(uptime), 0, s1, 0, 4);
        s1[4] = s1[5] = s1[6] = s1[7] = 0;
        out.write(VERSION);
        out.write(s1);
        out.write(c1); // S2 echoes C1
        out.flush();
        byte[] c2 = new byte[PACKET_BYTES];
        in.readFully(c2);
    }
}
