package io.tickertape.topology.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.tools.StreamsResetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Replays the input topic after an incident: Kafka's own StreamsResetter moves the app's input offsets back (to a
 * time or to the earliest), deletes its internal topics, and this class also wipes the local state directory.
 * Reprocessing then emits no duplicates because the dedupe consults {@code signal_history}, which survives resets.
 * <p>
 * The reset refuses to run while the app's consumer group has members. Stop the service first (ECS desired
 * count 0). Instances that stopped cleanly have left the group; one that crashed keeps its static membership until
 * its session times out (45 s) — wait, or pass {@code force} to remove those members.
 */
public final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final DateTimeFormatter RESETTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /**
     * @param toDatetime reset to the first offset at or after this time; null with {@code toEarliest}
     * @param toEarliest reset to the beginning of the retained topic
     * @param dryRun     only print what would happen
     * @param force      remove remaining (static) members of the group first
     */
    public record Request(String applicationId, List<String> inputTopics, Instant toDatetime, boolean toEarliest,
                          boolean dryRun, boolean force, Path stateDir) {
        public Request {
            if ((toDatetime == null) == !toEarliest) {
                throw new IllegalArgumentException("give exactly one of a datetime or to-earliest");
            }
            inputTopics = List.copyOf(inputTopics);
        }
    }

    /** What the reset did. */
    public record Result(int exitCode, List<String> activeMembers, boolean stateWiped) {
    }

    private Replay() {
    }

    public static Result run(Request request, Properties clientProperties) {
        List<String> members = activeMembers(request.applicationId(), clientProperties);
        if (!members.isEmpty() && !request.force()) {
            return new Result(3, members, false);
        }
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-server", clientProperties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
                "--application-id", request.applicationId(),
                "--input-topics", String.join(",", request.inputTopics())));
        if (request.toEarliest()) {
            args.add("--to-earliest");
        } else {
            args.addAll(List.of("--to-datetime", RESETTER_TIME.format(request.toDatetime())));
        }
        if (request.dryRun()) {
            args.add("--dry-run");
        }
        if (request.force()) {
            args.add("--force");
        }
        Path configFile = null;
        try {
            // StreamsResetter reads client security settings from a file; write ours (from KAFKA_*) to a private temp file.
            configFile = Files.createTempFile("tickertape-reset", ".properties");
            Properties clientOnly = new Properties();
            clientProperties.forEach((k, v) -> {
                if (!AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG.equals(k)) {
                    clientOnly.put(k, v);
                }
            });
            try (var out = Files.newOutputStream(configFile)) {
                clientOnly.store(out, "tickertape replay");
            }
            args.addAll(List.of("--config-file", configFile.toString()));
            LOG.info("running StreamsResetter {}", args.stream().filter(a -> !a.equals(clientProperties.getProperty("sasl.jaas.config"))).toList());
            int code = new StreamsResetter().execute(args.toArray(String[]::new));
            boolean wiped = false;
            if (code == 0 && !request.dryRun() && request.stateDir() != null) {
                wiped = wipeLocalState(request.stateDir().resolve(request.applicationId()));
            }
            return new Result(code, members, wiped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (configFile != null) {
                try {
                    Files.deleteIfExists(configFile);
                } catch (IOException ignored) {
                    // a temp file in the temp dir; nothing secret is in it beyond what the environment already holds
                }
            }
        }
    }

    /** Members currently in the app's consumer group (empty when the group is empty or unknown). */
    public static List<String> activeMembers(String applicationId, Properties clientProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(applicationId)).all()
                    .get(30, TimeUnit.SECONDS).get(applicationId);
            return d.members().stream().map(m -> m.groupInstanceId().orElse(m.consumerId()) + "@" + m.host()).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw new IllegalStateException("cannot describe group " + applicationId + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean wipeLocalState(Path appStateDir) throws IOException {
        if (!Files.isDirectory(appStateDir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(appStateDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        LOG.info("wiped local state {}", appStateDir);
        return true;
    }

    /** Poll until the group has no members, up to the timeout (e.g. after stopping the service). */
    public static boolean awaitEmptyGroup(String applicationId, Properties clientProperties, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (activeMembers(applicationId, clientProperties).isEmpty()) {
                return true;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        return false;
    }
}
