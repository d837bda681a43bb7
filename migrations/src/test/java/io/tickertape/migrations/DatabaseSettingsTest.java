package io.tickertape.migrations;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseSettingsTest {

    @Test
    void libpqUrlMovesCredentialsOutOfTheUrl() {
        var target = DatabaseSettings.fromEnvironment(Map.of("DATABASE_URL", "postgres://app:s%40cret@db.internal:6432/signals?sslmode=require"))
                .jdbcTarget();
        assertThat(target.url()).isEqualTo("jdbc:postgresql://db.internal:6432/signals?sslmode=require");
        assertThat(target.user()).isEqualTo("app");
        assertThat(target.password()).isEqualTo("s@cret");
    }

    @Test
    void explicitUserAndPasswordWin() {
        var target = DatabaseSettings.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "DATABASE_USER", "u", "DATABASE_PASSWORD", "p")).jdbcTarget();
        assertThat(target).isEqualTo(new DatabaseSettings.JdbcTarget("jdbc:postgresql://127.0.0.1:5432/test", "u", "p"));
    }

    @Test
    void noUrlMeansEmbedded() {
        assertThat(DatabaseSettings.fromEnvironment(Map.of()).isEmbedded()).isTrue();
        assertThat(DatabaseSettings.fromEnvironment(Map.of("DATABASE_URL", " ")).isEmbedded()).isTrue();
    }

    @Test
    void rejectsUnsupportedSchemesAndUnsafeSchemaNames() {
        assertThatThrownBy(() -> DatabaseSettings.fromEnvironment(Map.of("DATABASE_URL", "mysql://x/y")).jdbcTarget())
                .hasMessageContaining("DATABASE_URL must start with");
        assertThatThrownBy(() -> DatabaseSettings.embedded().withSchema("x\"; DROP"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverShowsThePassword() {
        var s = DatabaseSettings.fromEnvironment(Map.of("DATABASE_URL", "postgres://app:topsecret@h/db", "DATABASE_PASSWORD", "pw2"));
        assertThat(s.toString()).doesNotContain("topsecret").doesNotContain("pw2");
    }
}
