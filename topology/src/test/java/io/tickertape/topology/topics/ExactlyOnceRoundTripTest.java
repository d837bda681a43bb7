package io.tickertape.topology.topics;

import io.tickertape.events.Article;
import io.tickertape.events.ScoredArticle;
import io.tickertape.events.testing.KafkaTestCluster;
import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.events.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Produce → Kafka Streams with exactly_once_v2 → consume with read_committed, on a real in-process broker. */
class ExactlyOnceRoundTripTest {

    private static KafkaTestCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void articlesFlowThroughAnExactlyOnceStreamsAppToACommittedReader(@TempDir Path stateDir) throws Exception {
        Topics topics = Topics.withPrefix("roundtrip.");
        try (var admin = kafka.admin()) {
            List<String> created = TopicProvisioner.ensure(admin, topics, 2, (short) 1, Duration.ofSeconds(30));
            assertThat(created).containsExactlyInAnyOrderElementsOf(topics.all().stream().map(Topic::name).toList());
            assertThat(TopicProvisioner.ensure(admin, topics, 2, (short) 1, Duration.ofSeconds(30))).isEmpty();
        }

        Instant published = Instant.parse("2026-11-20T13:00:00Z");
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) {
                Article a = new Article(Article.SCHEMA_VERSION, "a-" + i, "Headline " + i, "summary", "https://example.com/" + i,
                        "test", "https://example.com/feed", published.plusSeconds(i), false, published, List.of("AAPL"));
                producer.send(topics.articles().serialize(a.id(), a)).get();
            }
        }

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.articles().name(), TopicStreams.consumed(topics.articles()))
                .mapValues(a -> new ScoredArticle(ScoredArticle.SCHEMA_VERSION, a, "neutral", 0.1, 0.1, 0.8, "roundtrip", a.fetchedAt()))
                .to(topics.scored().name(), TopicStreams.produced(topics.scored()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "roundtrip-app");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        List<ScoredArticle> received = new ArrayList<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-reader",
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            streams.start();
            consumer.subscribe(List.of(topics.scored().name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received.size() < 20 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    received.add(topics.scored().value(r));
                }
            }
            // Nothing more than the 20 arrives: each input produced exactly one committed output.
            for (int i = 0; i < 5; i++) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    received.add(topics.scored().value(r));
                }
            }
            streams.close(Duration.ofSeconds(30));
        }
        assertThat(received).hasSize(20);
        assertThat(received).extracting(s -> s.article().id()).doesNotHaveDuplicates();
        assertThat(received).allSatisfy(s -> {
            assertThat(s.label()).isEqualTo("neutral");
            assertThat(s.article().tickerHints()).containsExactly("AAPL");
        });
    }
}
