package io.tickertape.cli;

import io.tickertape.topology.runtime.Replay;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reprocess news.articles after an incident: reset the stream app's input offsets with Kafka's",
                "StreamsResetter (to a time, or to the earliest retained record), delete its internal topics and wipe",
                "local state. Stop the service first. Reprocessing emits no duplicate signal and sends no duplicate",
                "email: the dedupe and the email ledgers live in PostgreSQL, which a reset does not touch.",
                "Exit codes: 0 done, 1 reset failed, 2 usage error, 3 the group still has members (see --force)."})
public final class ReplayCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to-datetime", paramLabel = "TIME", required = true,
                description = "ISO-8601 instant with offset, e.g. 2026-11-21T06:00:00Z or 2026-11-20T23:00:00-07:00.")
        String toDatetime;

        @Option(names = "--to-earliest", required = true, description = "Replay everything the topic still retains.")
        boolean toEarliest;
    }

    @Option(names = "--dry-run", description = "Show what the reset would do; change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Remove members still in the group (an instance that crashed keeps its static membership for the session timeout, 45 s). Never use it while instances are running.")
    boolean force;

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "tickertape-signals",
            description = "The stream app's application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${java.io.tmpdir}/tickertape-streams",
            description = "Local state directory to wipe on this host (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        Instant to = null;
        if (target.toDatetime != null) {
            try {
                to = OffsetDateTime.parse(target.toDatetime).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException("--to-datetime must be ISO-8601 with an offset, e.g. 2026-11-21T06:00:00Z: "
                        + target.toDatetime);
            }
        }
        Replay.Request request = new Replay.Request(applicationId, List.of(kafka.topics().articles().name()), to,
                target.toEarliest, dryRun, force, stateDir);
        Replay.Result result = Replay.run(request, kafka.clientProperties(parent.env()));
        var out = spec.commandLine().getOut();
        if (result.exitCode() == 3) {
            spec.commandLine().getErr().println("tickertape replay: the consumer group " + applicationId + " still has "
                    + result.activeMembers().size() + " member(s) " + result.activeMembers()
                    + "; stop the service (ECS desired count 0) and retry, or add --force once they are really gone");
            return 3;
        }
        out.printf("{\"applicationId\":\"%s\",\"input\":\"%s\",\"to\":\"%s\",\"dryRun\":%s,\"exitCode\":%d,\"localStateWiped\":%s}%n",
                applicationId, request.inputTopics().getFirst(), to != null ? to : "earliest", dryRun, result.exitCode(),
                result.stateWiped());
        return result.exitCode() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
