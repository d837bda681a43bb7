package io.tickertape.migrations;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The pipeline's PostgreSQL: a pooled {@link DataSource}, a {@link Jdbi} on it, and the Flyway schema from
 * {@code migrations/sql}. Opening it never migrates by itself; callers run {@link #migrate()} on start.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseSettings settings;
    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String jdbcUrl;

    private Database(DatabaseSettings settings, EmbeddedPostgres embedded, HikariDataSource dataSource, String jdbcUrl) {
        this.settings = settings;
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
    }

    /** {@link #open} and then {@link #migrate}; a failed migration closes the database before it is rethrown. */
    public static Database openMigrated(DatabaseSettings settings) {
        Database db = open(settings);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Connects to the configured server, or starts an embedded PostgreSQL when no URL is set. */
    public static Database open(DatabaseSettings settings) {
        EmbeddedPostgres embedded = null;
        String url;
        String user;
        String password;
        if (settings.isEmbedded()) {
            embedded = startEmbedded(settings);
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = null;
        } else {
            DatabaseSettings.JdbcTarget target = settings.jdbcTarget();
            url = target.url();
            user = target.user();
            password = target.password();
        }
        try {
            if (settings.schema() != null) {
                createSchema(url, user, password, settings.schema());
            }
            HikariConfig config = new HikariConfig();
            config.setPoolName("tickertape-db");
            config.setJdbcUrl(url);
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            if (settings.schema() != null) {
                config.setSchema(settings.schema());
            }
            config.setMaximumPoolSize(settings.poolSize());
            config.setMinimumIdle(1);
            config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
            config.setValidationTimeout(Duration.ofSeconds(3).toMillis());
            // Bounded statements: a wedged database surfaces as an error instead of a hung stream thread.
            config.addDataSourceProperty("socketTimeout", "30");
            config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
            config.addDataSourceProperty("ApplicationName", "tickertape");
            HikariDataSource ds = new HikariDataSource(config);
            LOG.info("database ready: {}", settings);
            return new Database(settings, embedded, ds, url);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    private static EmbeddedPostgres startEmbedded(DatabaseSettings settings) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off"); // embedded is for demos and tests; production uses DATABASE_URL
            if (settings.embeddedDataDirectory() != null) {
                builder.setDataDirectory(settings.embeddedDataDirectory()).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            LOG.info("started embedded PostgreSQL on port {}", pg.getPort());
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static void createSchema(String url, String user, String password, String schema) {
        try (Connection c = java.sql.DriverManager.getConnection(url, user, password);
             Statement s = c.createStatement()) {
            // schema is validated against [a-z_][a-z0-9_]* in DatabaseSettings, so quoting it is safe.
            s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Applies every pending migration from {@code migrations/sql}; a no-op when the schema is current. */
    public MigrateResult migrate() {
        var configure = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .connectRetries(3);
        if (settings.schema() != null) {
            configure.schemas(settings.schema()).defaultSchema(settings.schema());
        }
        MigrateResult result = configure.load().migrate();
        LOG.info("schema at version {} ({} migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
        return result;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseSettings settings() {
        return settings;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        dataSource.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        if (pg == null) {
            return;
        }
        try {
            pg.close();
        } catch (IOException e) {
            LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
