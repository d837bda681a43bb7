package io.tickertape.migrations;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the database is. With no URL the pipeline starts an embedded PostgreSQL; with {@code DATABASE_URL} it uses
 * that server. Credentials come only from the environment (or explicit options), never from files in the repo.
 *
 * @param url       JDBC URL ({@code jdbc:postgresql://...}) or a libpq-style URL ({@code postgres://user:pw@host/db});
 *                  {@code null} for embedded
 * @param user      user name, or {@code null} to use the one in the URL / the default
 * @param password  password, or {@code null}
 * @param schema    schema to migrate and use; {@code null} for the server default ({@code public})
 * @param embeddedDataDirectory where the embedded server keeps its files; {@code null} for a throwaway directory
 * @param poolSize  maximum pooled connections
 */
public record DatabaseSettings(String url, String user, String password, String schema, Path embeddedDataDirectory,
                               int poolSize) {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public DatabaseSettings {
        if (schema != null && !SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + SCHEMA_NAME.pattern() + ": " + schema);
        }
        if (poolSize < 1 || poolSize > 200) {
            throw new IllegalArgumentException("poolSize must be between 1 and 200: " + poolSize);
        }
        if (url != null && url.isBlank()) {
            url = null;
        }
    }

    /** Embedded PostgreSQL in a throwaway directory. */
    public static DatabaseSettings embedded() {
        return new DatabaseSettings(null, null, null, null, null, 8);
    }

    /** Reads {@code DATABASE_URL}, {@code DATABASE_USER}, {@code DATABASE_PASSWORD} and {@code DATABASE_SCHEMA}. */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        return new DatabaseSettings(env.get("DATABASE_URL"), env.get("DATABASE_USER"), env.get("DATABASE_PASSWORD"),
                emptyToNull(env.get("DATABASE_SCHEMA")), null, 8);
    }

    public boolean isEmbedded() {
        return url == null;
    }

    public DatabaseSettings withSchema(String newSchema) {
        return new DatabaseSettings(url, user, password, newSchema, embeddedDataDirectory, poolSize);
    }

    public DatabaseSettings withPoolSize(int newPoolSize) {
        return new DatabaseSettings(url, user, password, schema, embeddedDataDirectory, newPoolSize);
    }

    public DatabaseSettings withEmbeddedDataDirectory(Path directory) {
        return new DatabaseSettings(url, user, password, schema, directory, poolSize);
    }

    /** The URL in JDBC form; user and password embedded in a libpq URL are moved out of it. */
    JdbcTarget jdbcTarget() {
        Objects.requireNonNull(url, "embedded database has no configured URL");
        if (url.startsWith("jdbc:postgresql:")) {
            return new JdbcTarget(url, user, password);
        }
        if (!(url.startsWith("postgres://") || url.startsWith("postgresql://"))) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must start with jdbc:postgresql://, postgres:// or postgresql://");
        }
        try {
            URI uri = new URI(url);
            String urlUser = null;
            String urlPassword = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                urlUser = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                urlPassword = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            String jdbc = "jdbc:postgresql://" + hostPort + (uri.getRawPath() == null ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new JdbcTarget(jdbc, user != null ? user : urlUser, password != null ? password : urlPassword);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Redacts the password so settings can be logged. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (url == null ? "embedded" : url.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@"))
                + ", user=" + user + ", schema=" + schema + ", poolSize=" + poolSize + "]";
    }

    record JdbcTarget(String url, String user, String password) {
    }
}
