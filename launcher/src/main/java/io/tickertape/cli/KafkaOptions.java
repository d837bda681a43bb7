package io.tickertape.cli;

import io.tickertape.events.topics.Topics;
import io.tickertape.topology.config.KafkaEnvironment;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.Properties;

/** Kafka connection and topic settings shared by the commands that talk to Kafka. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "Prefix for every topic name, e.g. 'prod.' (default: none).")
    String topicPrefix;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions for topics created on start (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication", paramLabel = "N", defaultValue = "1",
            description = "Replication factor for topics created on start (default: ${DEFAULT-VALUE}).")
    short replication;

    public Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }

    /** KAFKA_* variables; --bootstrap-servers (or TICKERTAPE_BOOTSTRAP_SERVERS) wins over KAFKA_BOOTSTRAP_SERVERS. */
    public Properties clientProperties(Map<String, String> env) {
        Properties props = KafkaEnvironment.fromEnvironment(env);
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            props.setProperty("bootstrap.servers", bootstrapServers);
        }
        props.putIfAbsent("bootstrap.servers", "localhost:9092");
        return props;
    }

    public int partitions() {
        if (partitions < 1) {
            throw new UsageException("--partitions must be at least 1");
        }
        return partitions;
    }

    public short replication() {
        if (replication < 1) {
            throw new UsageException("--replication must be at least 1");
        }
        return replication;
    }
}
