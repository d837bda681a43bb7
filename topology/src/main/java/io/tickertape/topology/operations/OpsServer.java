package io.tickertape.topology.operations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operations endpoint: {@code /health} (the process is alive and not shutting down), {@code /ready} (Kafka
 * Streams is RUNNING, so the load balancer / ECS may count it) and {@code /metrics} (Prometheus text).
 * The JDK's built-in server is enough for three GET endpoints scraped every few seconds.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param port     0 for an ephemeral port
     * @param alive    liveness
     * @param ready    readiness
     * @param state    a one-word description for humans (e.g. the Streams state)
     */
    public static OpsServer start(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier alive,
                                  BooleanSupplier ready, Supplier<String> state) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/health", exchange -> respond(exchange, alive.getAsBoolean() ? 200 : 503,
                "text/plain", (alive.getAsBoolean() ? "UP " : "DOWN ") + state.get() + "\n"));
        server.createContext("/ready", exchange -> respond(exchange, ready.getAsBoolean() ? 200 : 503,
                "text/plain", (ready.getAsBoolean() ? "READY " : "NOT_READY ") + state.get() + "\n"));
        server.createContext("/metrics", exchange -> respond(exchange, 200,
                "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("operations endpoint on http://{}:{}/ (health, ready, metrics)", host, server.getAddress().getPort());
        return new OpsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
