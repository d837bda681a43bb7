package io.tickertape.topology.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * How the stream app connects and runs (as opposed to {@link io.tickertape.topology.PipelineConfig}, which shapes
 * what it computes).
 *
 * @param clientProperties  Kafka client properties (bootstrap servers, security) from KAFKA_* and options
 * @param stateDir          local state directory (ephemeral in ECS: stores restore from their changelogs)
 * @param instanceId        static group membership id (e.g. the ECS task id); null for dynamic membership
 * @param threads           stream threads
 * @param partitions        partitions for topics created on start
 * @param replication       replication for created topics and internal topics
 * @param opsHost           bind address of /health, /ready, /metrics
 * @param opsPort           its port (0 = ephemeral, -1 = off)
 * @param shutdownTimeout   how long a graceful stop may take (ECS stopTimeout is larger)
 */
public record StreamsSettings(Properties clientProperties, Path stateDir, String instanceId, int threads,
                              int partitions, short replication, String opsHost, int opsPort,
                              Duration shutdownTimeout) {
    public StreamsSettings {
        Objects.requireNonNull(clientProperties, "clientProperties");
        Objects.requireNonNull(stateDir, "stateDir");
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be in 1..64");
        }
        if (shutdownTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("shutdownTimeout must be at least 1 s");
        }
    }
}
