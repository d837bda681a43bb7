package io.tickertape.migrations.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy in front of a real server that a test can cut: {@link #cut()} resets every open connection and
 * refuses new ones, as a database outage does, and {@link #restore()} lets connections through again. The server
 * behind it keeps running, so what it committed before the cut is still there afterwards.
 */
public final class CuttableTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pipes = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean cut;

    private CuttableTcpProxy(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = Thread.ofVirtual().name("proxy-accept").start(this::acceptLoop);
        acceptor.setUncaughtExceptionHandler((t, e) -> { });
    }

    public static CuttableTcpProxy to(String host, int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            return new CuttableTcpProxy(server, host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy port", e);
        }
    }

    /** A proxy in front of the server of a {@code jdbc:postgresql://host:port/db?...} URL. */
    public static CuttableTcpProxy forJdbcUrl(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        return to(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** The same JDBC URL, pointing at this proxy. */
    public String rewrite(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        return jdbcUrl.replaceFirst(java.util.regex.Pattern.quote(authority), "127.0.0.1:" + port());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            closeHard(s);
        }
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeHard(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                open.add(client);
                open.add(upstream);
                pipes.submit(() -> pipe(client, upstream));
                pipes.submit(() -> pipe(upstream, client));
            } catch (IOException e) {
                closeHard(client);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeHard(from);
            closeHard(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeHard(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST, as a crashed server or a dropped route looks to the client
        } catch (IOException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pipes.shutdownNow();
    }
}
