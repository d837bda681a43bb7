package io.tickertape.cli;

import io.tickertape.events.topics.Topic;
import io.tickertape.events.topics.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "List the pipeline's topics, and create the missing ones with --create.")
public final class TopicsCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--create", description = "Create missing topics with --partitions and --replication.")
    boolean create;

    @Override
    public Integer call() {
        var topics = kafka.topics();
        if (create) {
            var props = kafka.clientProperties(parent.env());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
            try (Admin admin = Admin.create(props)) {
                var created = TopicProvisioner.ensure(admin, topics, kafka.partitions(), kafka.replication(), Duration.ofSeconds(30));
                for (Topic<?, ?> t : topics.all()) {
                    spec.commandLine().getOut().printf("{\"topic\":\"%s\",\"created\":%s}%n", t.name(), created.contains(t.name()));
                }
            }
        } else {
            for (Topic<?, ?> t : topics.all()) {
                spec.commandLine().getOut().printf("{\"topic\":\"%s\"}%n", t.name());
            }
        }
        return ExitCodes.OK;
    }
}
