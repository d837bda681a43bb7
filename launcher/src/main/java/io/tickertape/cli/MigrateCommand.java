package io.tickertape.cli;

import io.tickertape.migrations.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the Flyway schema in migrations/sql to the database (every service also does this on start).")
public final class MigrateCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        try (Database db = Database.open(database.settings(parent.env()))) {
            var result = db.migrate();
            spec.commandLine().getOut().printf("{\"migrationsExecuted\":%d,\"schemaVersion\":\"%s\"}%n", result.migrationsExecuted,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
        }
        return ExitCodes.OK;
    }
}
