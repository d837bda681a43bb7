package io.tickertape.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tickertape.events.FeedEntry;
import io.tickertape.events.topics.JsonSerde;
import io.tickertape.events.topics.TopicProvisioner;
import io.tickertape.ingest.feeds.Durations;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.FeedRegistry;
import io.tickertape.ingest.registry.FeedTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "feeds", mixinStandardHelpOptions = true,
        subcommands = {FeedsCommand.Add.class, FeedsCommand.Remove.class, FeedsCommand.ListAll.class, FeedsCommand.Import.class},
        description = {"Manage the feed registry (the compacted topic news.feeds) while ingest runs: add, remove, list, import.",
                "Running ingest instances pick a change up within a second; no restart, no redeploy."})
public final class FeedsCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    /** The registry topic, created (with the other topics) when missing. */
    FeedTopic registry(KafkaOptions kafka) {
        Properties props = kafka.clientProperties(parent.env());
        Properties admin = new Properties();
        admin.putAll(props);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin a = Admin.create(admin)) {
            TopicProvisioner.ensure(a, kafka.topics(), kafka.partitions(), kafka.replication(), TIMEOUT);
        }
        return new FeedTopic(props, kafka.topics().feeds(), TIMEOUT);
    }

    static String json(FeedEntry entry) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write feed " + entry.id() + " as JSON", e);
        }
    }

    /** Writes feeds; an id already registered with another definition needs {@code replace}. */
    static int write(FeedTopic registry, List<FeedDefinition> feeds, boolean replace, PrintWriter out) {
        Map<String, FeedEntry> existing = registry.list();
        List<FeedDefinition> changed = new ArrayList<>();
        int unchanged = 0;
        for (FeedDefinition f : feeds) {
            FeedEntry old = existing.get(f.name());
            if (old != null && FeedDefinition.fromEntry(old).equals(f)) {
                unchanged++;
                continue;
            }
            if (old != null && !replace) {
                throw new UsageException("feed " + f.name() + " is already registered (" + old.url() + "); use --replace to change it");
            }
            changed.add(f);
        }
        if (existing.size() + changed.size() > FeedTopic.MAX_FEEDS) {
            throw new UsageException("at most " + FeedTopic.MAX_FEEDS + " feeds can be registered");
        }
        registry.put(changed, Clock.systemUTC());
        for (FeedDefinition f : changed) {
            out.printf("{\"id\":\"%s\",\"url\":\"%s\",\"%s\":true}%n", f.name(), DigestCommand.json(f.url().toString()),
                    existing.containsKey(f.name()) ? "replaced" : "added");
        }
        return unchanged;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a feed; an instance that owns its partition starts polling it within a second.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        FeedsCommand feeds;
        @Spec
        CommandSpec spec;
        @Mixin
        KafkaOptions kafka;
        @Parameters(paramLabel = "URL", description = "The feed's http(s) URL (a file path works only where every instance has the file).")
        String url;
        @Option(names = "--name", paramLabel = "ID",
                description = "The feed's id: unique, the article source and the metric tag (default: made from the URL).")
        String name;
        @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s",
                description = "Poll interval: of --feed feeds (ingest), of the feed added (feeds add) (default: ${DEFAULT-VALUE}).")
        String interval;
        @Option(names = "--ticker", paramLabel = "TICKER", split = ",",
                description = "Ticker hinted on every article of the feed (repeatable, or comma-separated).")
        List<String> tickers = new ArrayList<>();
        @Option(names = "--disabled", description = "Register the feed without polling it.")
        boolean disabled;
        @Option(names = "--replace", description = "Change a feed that is already registered under this id.")
        boolean replace;

        @Override
        public Integer call() {
            URI uri = IngestCommand.toUri(url);
            String id = name == null || name.isBlank() ? IngestCommand.nameFor(uri) : name.strip();
            FeedDefinition feed;
            try {
                Duration every = Durations.parse(interval);
                feed = new FeedDefinition(id, uri, every, !disabled, tickers);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (write(feeds.registry(kafka), List.of(feed), replace, out) > 0) {
                out.printf("{\"id\":\"%s\",\"unchanged\":true}%n", DigestCommand.json(id));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove feeds (a tombstone per id); their owner stops polling them within a second. Exit 1 if an id is not registered.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        FeedsCommand feeds;
        @Spec
        CommandSpec spec;
        @Mixin
        KafkaOptions kafka;
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Feed ids, as 'feeds list' shows them.")
        List<String> ids;

        @Override
        public Integer call() {
            FeedTopic registry = feeds.registry(kafka);
            Map<String, FeedEntry> existing = registry.list();
            List<String> known = ids.stream().filter(existing::containsKey).distinct().toList();
            registry.remove(known);
            PrintWriter out = spec.commandLine().getOut();
            for (String id : ids) {
                out.printf("{\"id\":\"%s\",\"removed\":%s}%n", DigestCommand.json(id), known.contains(id));
            }
            out.flush();
            return known.size() == ids.stream().distinct().count() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One JSON line per registered feed, by id.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        FeedsCommand feeds;
        @Spec
        CommandSpec spec;
        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            feeds.registry(kafka).list().values().forEach(e -> out.println(json(e)));
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Register every feed of a YAML or JSON feed list (the --feeds-file format, see ingest/README.md).")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        FeedsCommand feeds;
        @Spec
        CommandSpec spec;
        @Mixin
        KafkaOptions kafka;
        @Parameters(paramLabel = "FILE", description = "YAML or JSON feed list.")
        Path file;
        @Option(names = "--replace", description = "Change a feed that is already registered under this id.")
        boolean replace;

        @Override
        public Integer call() {
            FeedRegistry list;
            try {
                list = FeedRegistry.load(file);
            } catch (NoSuchFileException e) {
                throw new UsageException("no such file: " + file);
            } catch (IOException e) {
                throw new UsageException("cannot read " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            int unchanged = write(feeds.registry(kafka), list.all(), replace, out);
            out.printf("{\"imported\":%d,\"unchanged\":%d}%n", list.all().size() - unchanged, unchanged);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
