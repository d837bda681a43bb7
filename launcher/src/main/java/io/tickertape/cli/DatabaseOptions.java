package io.tickertape.cli;

import io.tickertape.migrations.DatabaseSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where PostgreSQL is. Without a URL an embedded PostgreSQL is started. The password is read only from the
 * DATABASE_PASSWORD environment variable: secrets never appear on a command line.
 */
public final class DatabaseOptions {

    @Option(names = "--database-url", paramLabel = "URL",
            description = "PostgreSQL URL (jdbc:postgresql://host/db or postgres://user@host/db). Unset: embedded PostgreSQL. Env: DATABASE_URL")
    String url;

    @Option(names = "--database-user", paramLabel = "USER", description = "Database user. Env: DATABASE_USER")
    String user;

    @Option(names = "--database-schema", paramLabel = "SCHEMA", defaultValue = "public",
            description = "Schema to migrate and use (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--embedded-database-dir", paramLabel = "DIR",
            description = "Data directory of the embedded PostgreSQL (default: a temporary directory, deleted on exit).")
    Path embeddedDirectory;

    public DatabaseSettings settings(Map<String, String> env) {
        return new DatabaseSettings(url, user, env.get("DATABASE_PASSWORD"), "public".equals(schema) ? null : schema,
                embeddedDirectory, 8);
    }
}
