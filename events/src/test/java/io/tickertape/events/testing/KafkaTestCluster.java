package io.tickertape.events.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node KRaft Kafka (combined broker and controller) in the test JVM, configured so that
 * {@code exactly_once_v2} works on one broker.
 */
public final class KafkaTestCluster implements AutoCloseable {

    private final KafkaClusterTestKit kit;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static KafkaTestCluster start() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new KafkaTestCluster(kit);
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not start: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis()));
    }

    public Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers());
        return p;
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not stop cleanly", e);
        }
    }
}
