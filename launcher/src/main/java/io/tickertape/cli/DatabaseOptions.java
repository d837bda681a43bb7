package io.tickertape.cli;

import io.tickertape.migrations.DatabaseSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where PostgreSQL is. A URL, or an explicit {@code --embedded-database} (a throwaway local PostgreSQL): a task that
 * lost its DATABASE_URL must fail, not dedupe against an empty database. Only the demo starts the embedded one by
 * default. The password is read only from the DATABASE_PASSWORD environment variable: secrets never appear on a
 * command line.
 */
public final class DatabaseOptions {

    @Option(names = "--database-url", paramLabel = "URL",
            description = "PostgreSQL URL (jdbc:postgresql://host/db or postgres://user@host/db). Required unless --embedded-database. Env: DATABASE_URL")
    String url;

    @Option(names = "--embedded-database", description = "Start a throwaway embedded PostgreSQL instead of --database-url (local use only).")
    boolean embedded;

    @Option(names = "--database-user", paramLabel = "USER", description = "Database user. Env: DATABASE_USER")
    String user;

    @Option(names = "--database-schema", paramLabel = "SCHEMA", defaultValue = "public",
            description = "Schema to migrate and use (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--embedded-database-dir", paramLabel = "DIR",
            description = "Data directory of the embedded PostgreSQL (default: a temporary directory, deleted on exit).")
    Path embeddedDirectory;

    /** The settings, or a usage error when neither a URL nor --embedded-database (or its directory) is given. */
    public DatabaseSettings settings(Map<String, String> env) {
        return settings(env, false);
    }

    /** @param embeddedByDefault true only for the demo: no URL means the embedded database */
    public DatabaseSettings settings(Map<String, String> env, boolean embeddedByDefault) {
        if ((url == null || url.isBlank()) && !embedded && embeddedDirectory == null && !embeddedByDefault) {
            throw new UsageException("no database: set DATABASE_URL (--database-url), or pass --embedded-database "
                    + "for a throwaway local PostgreSQL");
        }
        if (url != null && !url.isBlank() && embedded) {
            throw new UsageException("--embedded-database and --database-url exclude each other");
        }
        return new DatabaseSettings(url, user, env.get("DATABASE_PASSWORD"), "public".equals(schema) ? null : schema,
                embeddedDirectory, 8);
    }
}
