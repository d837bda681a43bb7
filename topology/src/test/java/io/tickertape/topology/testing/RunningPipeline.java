package io.tickertape.topology.testing;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.Topics;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.topology.PipelineConfig;
import io.tickertape.topology.runtime.StreamsApp;
import io.tickertape.topology.runtime.StreamsSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/** Helpers to drive the real stream app against the in-process broker. */
public final class RunningPipeline {

    private RunningPipeline() {
    }

    public static StreamsSettings settings(KafkaTestCluster kafka, Path stateDir, String instanceId) {
        return new StreamsSettings(kafka.clientProperties(), stateDir, instanceId, 1, 4, (short) 1, "127.0.0.1", 0,
                Duration.ofSeconds(20));
    }

    public static StreamsApp start(PipelineConfig config, PipelineFixture fixture, KafkaTestCluster kafka, Path stateDir,
                                   String instanceId) throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StreamsApp app = StreamsApp.start(config, fixture.services(Clock.systemUTC(), s -> { }, registry), settings(kafka, stateDir, instanceId), registry);
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
            app.close();
            throw new IllegalStateException("stream app did not reach RUNNING: " + app.state());
        }
        return app;
    }

    public static void produce(KafkaTestCluster kafka, Topics topics, List<Article> articles) {
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Article a : articles) {
                producer.send(topics.articles().serialize(a.id(), a));
            }
            producer.flush();
        }
    }

    /** Reads a topic with read_committed until {@code done} holds or the timeout passes, then a little longer. */
    public static <V> List<V> readCommitted(KafkaTestCluster kafka, Topic<String, V> topic, Duration timeout,
                                            Predicate<List<V>> done) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<V> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !done.test(values)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(topic.value(r));
                }
            }
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // anything extra (a duplicate) shows up now
            while (System.nanoTime() < settle) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(topic.value(r));
                }
            }
        }
        return values;
    }

    public static List<Signal> signals(KafkaTestCluster kafka, Topics topics, int expected, Duration timeout) {
        return readCommitted(kafka, topics.signals(), timeout, l -> l.size() >= expected);
    }
}
