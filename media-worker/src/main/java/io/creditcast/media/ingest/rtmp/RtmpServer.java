package io.creditcast.media.ingest.rtmp;

import io.creditcast.media.ingest.IngestGateway;
import io.creditcast.media.ingest.IngestProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP port for every stream. Each connection runs on its own virtual thread with blocking reads (simple, and
 * cheap: an ingest connection mostly waits for the publisher). At most {@link IngestProperties.Rtmp#maxConnections()}
 * connections are open; one more is closed as soon as it is accepted.
 */
public final class RtmpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RtmpServer.class);

    private final IngestProperties.Rtmp settings;
    private final IngestGateway gateway;
    private final Semaphore connections;
    private final Set<RtmpConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusedConnections = new AtomicLong();
    private ServerSocket serverSocket;
    private Thread acceptor;
    private volatile boolean closed;

    public RtmpServer(IngestProperties.Rtmp settings, IngestGateway gateway) {
        this.settings = settings;
        this.gateway = gateway;
        this.connections = new Semaphore(settings.maxConnections());
    }

    public synchronized RtmpServer start() throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), settings.port()), 64);
        acceptor = Thread.ofPlatform().daemon().name("rtmp-accept").start(this::acceptLoop);
        log.info(
                "RTMP ingest listening on {}:{} (application '{}')",
                settings.bindAddress(),
                port(),
                settings.application());
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    public int openConnections() {
        return open.size();
    }

    public long refusedConnections() {
        return refusedConnections.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("RTMP accept failed", e);
                }
                continue;
            }
            if (!connections.tryAcquire()) {
                refusedConnections.incrementAndGet();
                log.warn(
                        "RTMP connection from {} refused: {} connections open",
                        socket.getRemoteSocketAddress(),
                        settings.maxConnections());
                closeQuietly(socket);
                continue;
            }
            RtmpConnection connection = new RtmpConnection(socket, settings, gateway);
            open.add(connection);
            Thread.ofVirtual().name("rtmp-" + socket.getPort()).start(() -> {
                try {
                    connection.run();
                } finally {
                    open.remove(connection);
                    connections.release();
                }
            });
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (serverSocket != null) {
            try {
                serverSocket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        open.forEach(RtmpConnection::disconnect);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
