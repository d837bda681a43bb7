package io.tickertape.topology.runtime;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.PipelineServices;
import io.tickertape.topology.SignalTopology;
import io.tickertape.topology.errors.DeadLetterDeserializationHandler;
import io.tickertape.topology.errors.DeadLetterProcessingHandler;
import io.tickertape.topology.errors.DeadLetterProductionHandler;
import io.tickertape.topology.errors.DeadLetterRouting;
import io.tickertape.topology.operations.OpsServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the signal topology: creates missing topics, starts Kafka Streams with exactly_once_v2 and the dead-letter
 * handlers, serves /health, /ready and /metrics, and stops gracefully (leaving the group, so a replay or a new
 * instance can take over at once).
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    /** A stream thread that dies is replaced, but not forever: this many deaths in 10 minutes stop the client. */
    private static final int MAX_THREAD_REPLACEMENTS = 5;

    private final KafkaStreams streams;
    private volatile OpsServer ops;
    private final KafkaStreamsMetrics streamsMetrics;
    private final StreamsSettings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shuttingDown;
    private volatile boolean wasRunning;

    private StreamsApp(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, StreamsSettings settings) {
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
        this.settings = settings;
    }

    /** {@code StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG}, deprecated for removal in 5.0. */
    static final String PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED = "processing.exception.handler.global.enabled";

    /** Kafka Streams properties for the pipeline. Public so the tests and the docs use exactly these. */
    public static Properties streamsProperties(PipelineConfig config, StreamsSettings settings, PrometheusMeterRegistry registry) {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replication());
        // Under exactly-once a record is visible downstream only when its transaction commits, and an article crosses
        // two sub-topologies (scoring, then the by-ticker dedupe) before its signal is. 50 ms instead of the EOS
        // default of 100 took the signal p99 at 50 articles/s from 1.16 s to 0.77 s with no throughput cost
        // (docs/BENCHMARKS.md, topology).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        // Kafka Streams 4.x warns on every StreamsConfig it builds (several per start, one of them by the partition
        // assignor from the main consumer's configuration) unless the processing handler is also enabled for global
        // stores, which 5.0 does by default. The topology has no global store, so this changes no behaviour: it takes
        // the 5.0 default now. The name, not the constant, which is deprecated for removal.
        p.put(PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED, true);
        p.put(StreamsConfig.mainConsumerPrefix(PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED), true);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        p.put(DeadLetterRouting.TOPICS_CONFIG, config.topics());
        p.put(DeadLetterRouting.REGISTRY_CONFIG, registry);
        // A slow price source must never push the poll loop past max.poll.interval.ms: price calls time out in a
        // few seconds and held candidates are retried by punctuation, so 200 records x 2 calls x 5 s < 10 min.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 200);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), (int) Duration.ofMinutes(10).toMillis());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        if (settings.instanceId() != null && !settings.instanceId().isBlank()) {
            // Static membership: a restarted task with the same id gets its partitions back without a rebalance.
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), settings.instanceId());
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 45_000);
        }
        return p;
    }

    public static StreamsApp start(PipelineConfig config, PipelineServices services, StreamsSettings settings,
                                   PrometheusMeterRegistry registry) {
        Properties admin = new Properties();
        admin.putAll(settings.clientProperties());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin a = Admin.create(admin)) {
            TopicProvisioner.ensure(a, config.topics(), settings.partitions(), settings.replication(), Duration.ofSeconds(30));
        }

        Topology topology = SignalTopology.buildTopology(config, services);
        LOG.info("topology:\n{}", topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, streamsProperties(config, settings, registry));
        Deque<Instant> deaths = new ArrayDeque<>();
        streams.setUncaughtExceptionHandler(e -> {
            Instant now = Instant.now();
            synchronized (deaths) {
                deaths.addLast(now);
                while (!deaths.isEmpty() && deaths.peekFirst().isBefore(now.minus(Duration.ofMinutes(10)))) {
                    deaths.removeFirst();
                }
                if (deaths.size() > MAX_THREAD_REPLACEMENTS) {
                    LOG.error("stream threads keep dying ({} in 10 min); shutting down: {}", deaths.size(), e.toString());
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                }
            }
            LOG.error("stream thread died; replacing it (the task restarts from its last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        StreamsApp app = new StreamsApp(streams, metrics, settings);
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.RUNNING && previous == KafkaStreams.State.REBALANCING && !app.wasRunning) {
                app.wasRunning = true;
                // Start-up time as ops and the benchmark see it: JVM start to RUNNING (= /ready).
                LOG.info("streams state {} -> {} ({} ms after JVM start)", previous, next,
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            } else {
                LOG.info("streams state {} -> {}", previous, next);
            }
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                app.stopped.countDown();
            }
        });
        streams.start();
        // Joining the group takes about a second: bind the metrics and open /ready meanwhile (binding every Kafka
        // client metric alone took ~0.4 s before the start).
        metrics.bindTo(registry);
        if (settings.opsPort() >= 0) {
            try {
                app.ops = OpsServer.start(settings.opsHost(), settings.opsPort(), registry,
                        () -> !app.shuttingDown && streams.state() != KafkaStreams.State.ERROR
                                && streams.state() != KafkaStreams.State.NOT_RUNNING,
                        () -> streams.state() == KafkaStreams.State.RUNNING,
                        () -> streams.state().name() + ledgerState(services, registry));
            } catch (IOException e) {
                app.close();
                throw new UncheckedIOException("cannot serve the operations endpoint on port " + settings.opsPort(), e);
            }
        }
        return app;
    }

    /**
     * The degraded part of /health and /ready. A database outage does not make the task unready: ECS would only
     * replace it, and scoring goes on; signals wait in order and are released when PostgreSQL answers.
     */
    static String ledgerState(PipelineServices services, PrometheusMeterRegistry registry) {
        var since = services.ledger().unavailableSince();
        double waiting = registry.find("tickertape_signals_waiting_for_ledger").gauges().stream()
                .mapToDouble(io.micrometer.core.instrument.Gauge::value).sum();
        if (since.isEmpty() && waiting == 0) {
            return "";
        }
        return " DEGRADED ledger " + (since.isPresent()
                ? "unavailable for " + Duration.between(since.get(), Instant.now()).toSeconds() + " s" : "catching up")
                + ", " + (long) waiting + " signals waiting";
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The operations endpoint's port, or -1 when it is off. */
    public int opsPort() {
        return ops == null ? -1 : ops.port();
    }

    /** Blocks until Streams reaches RUNNING or the timeout passes. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Blocks until the app stops by itself (fatal error) or {@link #close()} is called. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Graceful stop: commit, leave the group (so partitions move at once), close stores, within the timeout. */
    @Override
    public void close() {
        shuttingDown = true;
        boolean clean = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(settings.shutdownTimeout()));
        if (!clean) {
            LOG.warn("Kafka Streams did not stop within {}", settings.shutdownTimeout());
        }
        streamsMetrics.close();
        if (ops != null) {
            ops.close();
        }
        stopped.countDown();
    }
}
