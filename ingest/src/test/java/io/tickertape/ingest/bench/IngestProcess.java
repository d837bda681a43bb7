package io.tickertape.ingest.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.IngestService;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.KafkaIngest;
import io.tickertape.ingest.feeds.FeedRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The ingest as its own process, for {@link PollingCostBench}: continuous polling of a feed list into Kafka, exactly
 * as {@code bin/tickertape ingest} runs it, until its standard input closes. Args: bootstrap servers, feeds file,
 * topic prefix.
 */
public final class IngestProcess {

    private IngestProcess() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", args[0]);
        FeedRegistry registry = FeedRegistry.load(Path.of(args[1]));
        Topics topics = Topics.withPrefix(args[2]);
        // The captures are months old: no age limit here, or nothing would be published.
        IngestSettings settings = IngestSettings.defaults().withMaxArticleAge(null);
        try (IngestService service = KafkaIngest.create(props, topics.articles(), registry.enabled(), settings,
                new SimpleMeterRegistry(), KafkaIngest.Memory.defaults())) {
            service.start();
            System.out.println("started");
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the parent closes our stdin
            }
        }
    }
}
