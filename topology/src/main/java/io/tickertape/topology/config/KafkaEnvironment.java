package io.tickertape.topology.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Maps {@code KAFKA_*} environment variables to Kafka client properties, so an ECS task override is enough to
 * point the app at a cluster: {@code KAFKA_BOOTSTRAP_SERVERS} → {@code bootstrap.servers},
 * {@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}. As in the common Kafka images, {@code __} stands for
 * {@code _} and {@code ___} for {@code -}. The JVM-option variables of Kafka's own scripts are not properties.
 */
public final class KafkaEnvironment {

    private static final String PREFIX = "KAFKA_";
    private static final Set<String> NOT_PROPERTIES = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_DEBUG", "KAFKA_HOME", "KAFKA_VERSION");

    private KafkaEnvironment() {
    }

    public static Properties fromEnvironment(Map<String, String> env) {
        Properties props = new Properties();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !NOT_PROPERTIES.contains(name)) {
                props.setProperty(toPropertyName(name.substring(PREFIX.length())), value);
            }
        });
        return props;
    }

    static String toPropertyName(String suffix) {
        return suffix.toLowerCase(Locale.ROOT)
                .replace("___", "\u0001")
                .replace("__", "\u0002")
                .replace('_', '.')
                .replace('\u0001', '-')
                .replace('\u0002', '_');
    }
}
