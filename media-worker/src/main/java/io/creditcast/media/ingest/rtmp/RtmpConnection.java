package io.creditcast.media.ingest.rtmp;

import io.creditcast.media.command.IngestRefusedException;
import io.creditcast.media.ingest.IngestGateway;
import io.creditcast.media.ingest.IngestProperties;
import io.creditcast.media.ingest.PublishSink;
import io.creditcast.media.ingest.rtmp.internal.Amf0;
import io.creditcast.media.ingest.rtmp.internal.ChunkReader;
import io.creditcast.media.ingest.rtmp.internal.ChunkWriter;
import io.creditcast.media.ingest.rtmp.internal.Handshake;
import io.creditcast.media.ingest.rtmp.internal.RtmpMessage;
import io.creditcast.stream.IngestProtocol;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher connection: handshake, then the NetConnection/NetStream commands OBS and FFmpeg send ({@code
 * connect}, {@code releaseStream}, {@code FCPublish}, {@code createStream}, {@code publish}, {@code FCUnpublish},
 * {@code deleteStream}), then audio, video and {@code @setDataFrame} messages handed to the {@link PublishSink}.
 * The stream key is the publish name; a refused key is answered with {@code NetStream.Publish.BadName} and the
 * connection is closed. Anything that is not RTMP is dropped at the handshake.
 */
final class RtmpConnection {
    private static final Logger log = LoggerFactory.getLogger(RtmpConnection.class);
    static final int OUT_CHUNK_SIZE = 4096;
    static final int WINDOW_ACK_SIZE = 2_500_000;
    private static final int CONTROL_CSID = 2;
    private static final int COMMAND_CSID = 3;
    private static final int STATUS_CSID = 5;
    private static final int PUBLISH_STREAM_ID = 1;

    private final Socket socket;
    private final IngestProperties.Rtmp settings;
    private final IngestGateway gateway;
    private ChunkWriter writer;
    private PublishSink sink;
    private long lastAck;
    private volatile boolean cut;

    RtmpConnection(Socket socket, IngestProperties.Rtmp settings, IngestGateway gateway) {
        this.socket = socket;
        this.settings = settings;
        this.gateway = gateway;
    }

    /** Cuts the connection from another thread (takedown, shutdown). */
    void disconnect() {
        cut = true;
        RtmpServer.closeQuietly(socket);
    }

    void run() {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
            socket.setTcpNoDelay(true);
            var in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            var out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            Handshake.serve(in, out);
            writer = new ChunkWriter(out);
            ChunkReader reader = new ChunkReader(in);
            while (!cut) {
                RtmpMessage message = reader.next();
                if (sink != null) {
                    socket.setSoTimeout((int) settings.idleTimeout().toMillis());
                }
                acknowledge(reader.bytesRead());
                if (!handle(message, reader)) {
                    return;
                }
            }
        } catch (EOFException | SocketException e) {
            log.debug("RTMP {} closed: {}", peer, e.toString());
        } catch (SocketTimeoutException e) {
            log.info("RTMP {} timed out", peer);
        } catch (IOException | IllegalArgumentException e) {
            log.info("RTMP {} dropped: {}", peer, e.getMessage());
        } finally {
            if (sink != null) {
                PublishSink gone = sink;
                sink = null;
                gone.publisherGone();
            }
        }
    }

    /** @return false to close the connection */
    private boolean handle(RtmpMessage m, ChunkReader reader) throws IOException {
        switch (m.typeId()) {
            case RtmpMessage.SET_CHUNK_SIZE -> reader.setChunkSize(readInt(m.payload()) & 0x7FFFFFFF);
            case RtmpMessage.AUDIO, RtmpMessage.VIDEO -> {
                if (sink != null && m.payload().length > 0) {
                    sink.media(m.typeId(), m.timestampMs(), m.payload());
                }
            }
            case RtmpMessage.DATA_AMF0 -> data(m.payload());
            case RtmpMessage.DATA_AMF3 ->
                data(Arrays.copyOfRange(m.payload(), Math.min(1, m.payload().length), m.payload().length));
            case RtmpMessage.COMMAND_AMF0 -> {
                return command(Amf0.decodeAll(m.payload()));
            }
            case RtmpMessage.COMMAND_AMF3 -> {
                return command(Amf0.decodeAll(
                        Arrays.copyOfRange(m.payload(), Math.min(1, m.payload().length), m.payload().length)));
            }
            default -> {
                // acks, user control, window sizes, aborts: nothing to do for a publisher-only server
            }
        }
        return true;
    }

    private void data(byte[] payload) {
        if (sink == null) {
            return;
        }
        List<Object> values = Amf0.decodeAll(payload);
        if (values.size() >= 3
                && "@setDataFrame".equals(values.get(0))
                && "onMetaData".equals(values.get(1))
                && values.get(2) instanceof Map<?, ?> meta) {
            sink.metadata(Amf0.encode("onMetaData", meta));
        }
    }

    private boolean command(List<Object> values) throws IOException {
        if (values.size() < 2 || !(values.get(0) instanceof String name) || !(values.get(1) instanceof Double txn)) {
            throw new IOException("malformed command");
        }
        switch (name) {
            case "connect" -> {
                String app = values.size() > 2
                                && values.get(2) instanceof Map<?, ?> obj
                                && obj.get("app") instanceof String a
                        ? a.replaceAll("/+$", "")
                        : "";
                if (!app.equals(settings.application())) {
                    sendCommand(
                            COMMAND_CSID,
                            0,
                            "_error",
                            txn,
                            null,
                            status("error", "NetConnection.Connect.Rejected", "unknown application"));
                    return false;
                }
                writer.write(CONTROL_CSID, RtmpMessage.WINDOW_ACK_SIZE, 0, 0, ChunkWriter.int32(WINDOW_ACK_SIZE));
                byte[] bandwidth = Arrays.copyOf(ChunkWriter.int32(WINDOW_ACK_SIZE), 5);
                bandwidth[4] = 2; // dynamic
                writer.write(CONTROL_CSID, RtmpMessage.SET_PEER_BANDWIDTH, 0, 0, bandwidth);
                writer.setChunkSize(OUT_CHUNK_SIZE);
                Map<String, Object> props = new LinkedHashMap<>();
                props.put("fmsVer", "FMS/3,0,1,123");
                props.put("capabilities", 31.0);
                Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
                info.put("objectEncoding", 0.0);
                sendCommand(COMMAND_CSID, 0, "_result", txn, props, info);
            }
            case "releaseStream", "FCPublish" ->
                sendCommand(COMMAND_CSID, 0, "_result", txn, null, Amf0.Undefined.INSTANCE);
            case "createStream" -> sendCommand(COMMAND_CSID, 0, "_result", txn, null, (double) PUBLISH_STREAM_ID);
            case "publish" -> {
                return publish(values, txn);
            }
            case "FCUnpublish", "deleteStream", "closeStream" -> {
                return sink == null; // the publisher stopped: end the connection
            }
            default -> log.debug("RTMP command {} ignored", name);
        }
        return true;
    }

    private boolean publish(List<Object> values, Double txn) throws IOException {
        if (sink != null) {
            throw new IOException("publish twice on one connection");
        }
        String streamName = values.size() > 3 && values.get(3) instanceof String s ? s : "";
        int query = streamName.indexOf('?');
        String key = query >= 0 ? streamName.substring(0, query) : streamName;
        try {
            sink = gateway.publish(key, IngestProtocol.RTMP, this::disconnect);
        } catch (IngestRefusedException e) {
            log.info("RTMP publish refused from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
            sendCommand(
                    STATUS_CSID,
                    PUBLISH_STREAM_ID,
                    "onStatus",
                    0.0,
                    null,
                    status("error", "NetStream.Publish.BadName", e.getMessage()));
            return false;
        }
        socket.setSoTimeout((int) settings.idleTimeout().toMillis());
        sendCommand(
                STATUS_CSID,
                PUBLISH_STREAM_ID,
                "onStatus",
                0.0,
                null,
                status("status", "NetStream.Publish.Start", "publishing"));
        return true;
    }

    private static Map<String, Object> status(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    private void sendCommand(int csid, int streamId, Object... values) throws IOException {
        writer.write(csid, RtmpMessage.COMMAND_AMF0, 0, streamId, Amf0.encode(values));
    }

    private void acknowledge(long bytesRead) throws IOException {
        if (bytesRead - lastAck >= WINDOW_ACK_SIZE) {
            lastAck = bytesRead;
            writer.write(CONTROL_CSID, RtmpMessage.ACK, 0, 0, ChunkWriter.int32((int) bytesRead));
        }
    }

    private static int readInt(byte[] b) throws IOException {
        if (b.length < 4) {
            throw new IOException("short control message");
        }
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
