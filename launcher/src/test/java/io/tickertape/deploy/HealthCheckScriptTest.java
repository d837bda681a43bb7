package io.tickertape.deploy;

import com.sun.net.httpserver.HttpServer;
import io.tickertape.deploy.DeployFiles.Proc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tickertape.deploy.DeployFiles.deployDir;
import static io.tickertape.deploy.DeployFiles.exec;
import static org.assertj.core.api.Assertions.assertThat;

/** deploy/ecs/healthcheck.sh answers like a health check: 0 on 200, 1 on 503, 404 or a closed port, 2 on bad usage. */
class HealthCheckScriptTest {

    @Test
    void healthCheckScriptPassesOn200AndFailsOn503404AndClosedPorts() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/ready", ex -> respond(ex, 200, "READY RUNNING\n"));
        server.createContext("/rebalancing", ex -> respond(ex, 503, "NOT_READY REBALANCING\n"));
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            String script = deployDir().resolve("healthcheck.sh").toString();
            assertThat(exec(List.of("bash", script, "--port", port, "--path", "/ready"), Map.of(), Duration.ofSeconds(20)).code()).isZero();
            Proc notReady = exec(List.of("bash", script, "--port", port, "--path", "/rebalancing"), Map.of(), Duration.ofSeconds(20));
            assertThat(notReady.code()).isEqualTo(1);
            assertThat(notReady.err()).contains("503");
            assertThat(exec(List.of("bash", script, "--port", port, "--path", "/nothing-here"), Map.of(), Duration.ofSeconds(20)).code()).isEqualTo(1);
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Proc refused = exec(List.of("bash", script, "--port", String.valueOf(closed), "--path", "/ready"), Map.of(), Duration.ofSeconds(20));
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("no answer");
            assertThat(exec(List.of("bash", script, "--bogus"), Map.of(), Duration.ofSeconds(20)).code()).isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
