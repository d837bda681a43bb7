package io.tickertape.ingest.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * A small HTTP server on 127.0.0.1 that serves feed documents the way a well-behaved publisher does: ETag and
 * Last-Modified on every 200, 304 for a matching conditional GET, gzip when asked. Used by the demo (sample feeds),
 * the tests and the benchmarks. Documents can change while it runs ({@link #put}); other behaviour (errors, slow
 * bodies) can be plugged in with {@link #handle}.
 */
public final class LocalFeedServer implements AutoCloseable {

    /** A document to serve. */
    public record Document(byte[] body, String contentType, Instant lastModified) {
        public static Document xml(String text, Instant lastModified) {
            return new Document(text.getBytes(StandardCharsets.UTF_8), "application/rss+xml; charset=utf-8", lastModified);
        }
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Supplier<Document>> documents = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private volatile BiConsumer<String, String> listener = (path, userAgent) -> { };

    private LocalFeedServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @param port 0 for any free port */
    public static LocalFeedServer start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("feed-server-", 0).factory());
        server.setExecutor(executor);
        LocalFeedServer s = new LocalFeedServer(server, executor);
        server.createContext("/", s::serve);
        server.start();
        return s;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + (path.startsWith("/") ? path : "/" + path));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves (or replaces) a document at {@code path}; the supplier is asked on every request. */
    public LocalFeedServer put(String path, Supplier<Document> document) {
        documents.put(normalize(path), document);
        return this;
    }

    public LocalFeedServer put(String path, Document document) {
        return put(path, () -> document);
    }

    /** Serves {@code path} with custom behaviour instead (errors, redirects, slow or endless bodies). */
    public LocalFeedServer handle(String path, HttpHandler handler) {
        handlers.put(normalize(path), handler);
        return this;
    }

    /** Told the path and User-Agent of every request (tests tell instances apart by their User-Agent). */
    public LocalFeedServer listen(BiConsumer<String, String> pathAndUserAgent) {
        this.listener = pathAndUserAgent;
        return this;
    }

    public long requests() {
        return requests.get();
    }

    public long notModifiedResponses() {
        return notModified.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String path = normalize(exchange.getRequestURI().getPath());
            listener.accept(path, String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            HttpHandler custom = handlers.get(path);
            if (custom != null) {
                custom.handle(exchange);
                return;
            }
            Supplier<Document> supplier = documents.get(path);
            if (supplier == null || !exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(supplier == null ? 404 : 405, -1);
                return;
            }
            Document doc = supplier.get();
            String etag = "\"" + sha1(doc.body()) + "\"";
            String lastModified = HTTP_DATE.format(doc.lastModified());
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Last-Modified", lastModified);
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            if (etag.equals(ifNoneMatch) || (ifNoneMatch == null && lastModified.equals(ifModifiedSince))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = doc.body();
            String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            if (accept != null && accept.contains("gzip")) {
                body = gzip(body);
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            exchange.getResponseHeaders().set("Content-Type", doc.contentType());
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String normalize(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static String sha1(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
