package io.tickertape.topology.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaEnvironmentTest {

    @Test
    void mapsKafkaVariablesToClientProperties() {
        var props = KafkaEnvironment.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b-1:9092,b-2:9092",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_JAAS_CONFIG", "x required;",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "TICKERTAPE_TOPIC_PREFIX", "prod.",
                "KAFKA_", "ignored"));
        assertThat(props).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.jaas.config");
        assertThat(props.getProperty("bootstrap.servers")).isEqualTo("b-1:9092,b-2:9092");
    }

    @Test
    void doubleAndTripleUnderscoresStandForUnderscoreAndDash() {
        assertThat(KafkaEnvironment.toPropertyName("SOME__ODD___NAME_X")).isEqualTo("some_odd-name.x");
    }
}
