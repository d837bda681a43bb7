package io.tickertape.signals.prices;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Yahoo on 127.0.0.1: the cookie page, the crumb endpoint (which wants the cookie) and the
 * chart endpoint (which wants cookie and crumb), answering each symbol with a scripted response.
 */
final class FakeYahoo implements AutoCloseable {

    record Reply(int status, String body, long delayMillis) { }

    final HttpServer server;
    final Map<String, Reply> charts = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> chartRequests = new ConcurrentHashMap<>();
    final AtomicInteger crumbRequests = new AtomicInteger();
    final AtomicInteger unauthorisedLeft = new AtomicInteger();
    volatile String crumb = "crumb-1";

    FakeYahoo() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/fc", ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "A3=session-cookie; Path=/; Domain=127.0.0.1");
            send(ex, 404, "<html>not found</html>");
        });
        server.createContext("/v1/test/getcrumb", ex -> {
            crumbRequests.incrementAndGet();
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            if (cookie == null || !cookie.contains("A3=session-cookie")) {
                send(ex, 401, "");
                return;
            }
            send(ex, 200, crumb);
        });
        server.createContext("/v8/finance/chart/", ex -> {
            String symbol = ex.getRequestURI().getPath().substring("/v8/finance/chart/".length());
            chartRequests.computeIfAbsent(symbol, k -> new AtomicInteger()).incrementAndGet();
            String query = ex.getRequestURI().getRawQuery();
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            String agent = ex.getRequestHeaders().getFirst("User-Agent");
            if (agent == null || !agent.startsWith("Mozilla/5.0")) {
                send(ex, 403, "bots not welcome");
                return;
            }
            if (unauthorisedLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || cookie == null || query == null
                    || !query.contains("crumb=" + crumb)) {
                send(ex, 401, "{\"finance\":{\"result\":null,\"error\":{\"code\":\"Unauthorized\",\"description\":\"Invalid Crumb\"}}}");
                return;
            }
            Reply reply = charts.getOrDefault(symbol, new Reply(404,
                    "{\"chart\":{\"result\":null,\"error\":{\"code\":\"Not Found\",\"description\":\"No data found, symbol may be delisted\"}}}", 0));
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(ex, reply.status(), reply.body());
        });
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    YahooSettings settings() {
        return YahooSettings.forBase(base(), base().resolve("/fc"));
    }

    int requestsFor(String symbol) {
        AtomicInteger n = chartRequests.get(symbol);
        return n == null ? 0 : n.get();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        } catch (IOException ignored) {
            // the client gave up (timeout tests)
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
