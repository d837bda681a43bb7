package io.tickertape.cli;

import io.tickertape.digest.recipients.Recipient;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.migrations.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "recipients", mixinStandardHelpOptions = true,
        subcommands = {DigestRecipientsCommand.Add.class, DigestRecipientsCommand.Remove.class, DigestRecipientsCommand.ListAll.class},
        description = "Who gets the digest and the alerts (table digest_recipients): add, remove, list.")
public final class DigestRecipientsCommand implements Callable<Integer> {

    @ParentCommand
    DigestCommand digest;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    <T> T withStore(DatabaseOptions database, Function<RecipientStore, T> work) {
        try (Database db = Database.open(database.settings(digest.parent.env()))) {
            db.migrate();
            return work.apply(new RecipientStore(db.jdbi()));
        }
    }

    static String json(Recipient r) {
        return "{\"id\":" + r.id() + ",\"email\":\"" + DigestCommand.json(r.email()) + "\",\"name\":"
                + (r.displayName() == null ? "null" : "\"" + DigestCommand.json(r.displayName()) + "\"")
                + ",\"active\":" + r.active() + ",\"createdAt\":\"" + r.createdAt() + "\"}";
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a recipient, or reactivate one that was removed (addresses compare case-insensitively).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        DigestRecipientsCommand recipients;
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Parameters(paramLabel = "EMAIL", description = "Address, e.g. ann@example.com or 'Ann <ann@example.com>'.")
        String email;
        @Option(names = "--name", paramLabel = "NAME", description = "Display name.")
        String name;

        @Override
        public Integer call() {
            Recipient r;
            try {
                r = recipients.withStore(database, store -> store.add(email, name));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            spec.commandLine().getOut().println(json(r));
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Stop sending to a recipient (the row is kept, deactivated, for the delivery history).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        DigestRecipientsCommand recipients;
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() {
            boolean removed = recipients.withStore(database, store -> store.remove(email));
            spec.commandLine().getOut().printf("{\"email\":\"%s\",\"removed\":%s}%n", DigestCommand.json(email), removed);
            return removed ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One JSON line per active recipient (--all: also removed ones). Tokens are never printed.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        DigestRecipientsCommand recipients;
        @Spec
        CommandSpec spec;
        @Mixin
        DatabaseOptions database;
        @Option(names = "--all", description = "Include removed and unsubscribed recipients.")
        boolean all;

        @Override
        public Integer call() {
            var list = recipients.withStore(database, store -> all ? store.all() : store.active());
            list.forEach(r -> spec.commandLine().getOut().println(json(r)));
            return ExitCodes.OK;
        }
    }
}
