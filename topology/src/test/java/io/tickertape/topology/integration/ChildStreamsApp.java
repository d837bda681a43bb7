package io.tickertape.topology.integration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.events.topics.Topics;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.DatabaseSettings;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.runtime.StreamsSettings;
import io.tickertape.topology.testing.PipelineFixture;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * The stream app in its own JVM, so a test can kill it with SIGKILL (no close, no commit, no leaving the group).
 * Args: bootstrap jdbcUrl schema topicPrefix applicationId priceDir stateDir batchSize batchMaxWaitMillis
 */
public final class ChildStreamsApp {

    private ChildStreamsApp() {
    }

    public static void main(String[] args) throws Exception {
        Properties client = new Properties();
        client.put("bootstrap.servers", args[0]);
        client.put("session.timeout.ms", "6000");
        client.put("heartbeat.interval.ms", "1500");
        Database db = Database.open(new DatabaseSettings(args[1], "postgres", null, args[2], null, 4));
        PipelineFixture fixture = new PipelineFixture(Path.of(args[5]), Clock.systemUTC(), db);
        PipelineConfig config = PipelineConfig.defaults(Topics.withPrefix(args[3])).withApplicationId(args[4])
                .withBatching(Integer.parseInt(args[7]), Duration.ofMillis(Long.parseLong(args[8])));
        StreamsApp app = StreamsApp.start(config, fixture.services(Clock.systemUTC(), s -> { }),
                new StreamsSettings(client, Path.of(args[6]), null, 1, 4, (short) 1, "127.0.0.1", -1, Duration.ofSeconds(10)),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        if (app.awaitRunning(Duration.ofSeconds(60))) {
            System.out.println("RUNNING");
            System.out.flush();
        }
        app.awaitStop();
    }
}
