package io.tickertape.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka broker for the demo and local runs, in a separate JVM started from the Kafka jars
 * on our own classpath ({@code kafka_2.13}), so its logs and memory stay apart from the app's. It is configured for
 * exactly_once_v2 on one node (transaction log replication 1, min ISR 1) and stopped by PID (SIGTERM, then kill).
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private final Process process;
    private final String bootstrapServers;
    private final Path directory;

    private LocalKafka(Process process, String bootstrapServers, Path directory) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.directory = directory;
    }

    /**
     * Formats storage in {@code directory} and starts the broker on {@code port} (0 picks a free one).
     * Blocks until the broker answers, at most {@code timeout}.
     */
    public static LocalKafka start(Path directory, int port, Duration timeout) {
        try {
            Files.createDirectories(directory);
            int brokerPort = port > 0 ? port : freePort();
            Path config = directory.resolve("server.properties");
            // A restart on existing data keeps the controller's port: the quorum's voter set recorded it at format.
            int controllerPort = Files.isDirectory(directory.resolve("data")) && Files.exists(config)
                    ? previousControllerPort(config) : freePort();
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + directory.resolve("data"),
                    "num.partitions=4",
                    "auto.create.topics.enable=false",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=4",
                    // exactly_once_v2 on a single broker:
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "transaction.state.log.num.partitions=4",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "") , StandardCharsets.UTF_8);
            Path log = directory.resolve("broker.log");
            if (!Files.isDirectory(directory.resolve("data"))) {
                int code = java(List.of("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                        "--config", config.toString(), "--standalone"), log).waitFor();
                if (code != 0) {
                    throw new IllegalStateException("formatting Kafka storage failed (exit " + code + "); see " + log);
                }
            }
            Process broker = java(List.of("kafka.Kafka", config.toString()), log);
            Files.writeString(directory.resolve("broker.pid"), Long.toString(broker.pid()));
            String bootstrap = "127.0.0.1:" + brokerPort;
            LocalKafka kafka = new LocalKafka(broker, bootstrap, directory);
            try {
                kafka.awaitReady(timeout);
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
            LOG.info("local Kafka broker (pid {}) ready at {}", broker.pid(), bootstrap);
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Kafka broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        }
    }

    private static Process java(List<String> mainAndArgs, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
                "-Dlogback.configurationFile=kafka-logback.xml",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see "
                        + directory.resolve("broker.log"));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        throw new IllegalStateException("Kafka broker did not become ready within " + timeout);
    }

    private static int previousControllerPort(Path config) throws IOException {
        for (String line : Files.readAllLines(config, StandardCharsets.UTF_8)) {
            if (line.startsWith("controller.quorum.bootstrap.servers=")) {
                return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException(config + " has no controller.quorum.bootstrap.servers; remove the directory");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crashed host does: no clean shutdown, no flushed logs. For fault-injection tests. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the broker shuts down cleanly), then SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                LOG.warn("Kafka broker did not stop within 30 s; killing pid {}", process.pid());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(directory.resolve("broker.pid"));
        } catch (IOException ignored) {
            // the pid file is informational
        }
    }
}
