package io.tickertape.ingest.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.topics.Topics;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.KafkaIngest;
import io.tickertape.ingest.fetch.FetchLimits;
import io.tickertape.ingest.sharing.SharedIngest;

import java.time.Clock;
import java.util.Properties;

/**
 * One shared ingest instance as its own process, for {@link SharedIngestBench}: {@link SharedIngest} as
 * {@code bin/tickertape ingest} runs it, until its standard input closes (or it is killed). Args: bootstrap servers,
 * topic prefix, instance name (sent in the User-Agent).
 */
public final class SharedIngestProcess {

    private SharedIngestProcess() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", args[0]);
        Topics topics = Topics.withPrefix(args[1]);
        IngestSettings settings = IngestSettings.defaults().withFetch(FetchLimits.defaults().withUserAgent("tickertape-bench instance-" + args[2]));
        try (SharedIngest ingest = SharedIngest.start(props, topics.articles(), topics.feeds(), settings, KafkaIngest.Memory.defaults(),
                SharedIngest.Settings.defaults().withGroupId(args[1] + "tickertape-ingest"), new SimpleMeterRegistry(), Clock.systemUTC())) {
            System.out.println("started");
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the parent closes our stdin
            }
        }
    }
}
