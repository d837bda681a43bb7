package io.tickertape.finbert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ModelLocatorTest {
    @TempDir
    Path tmp;

    @Test
    void precedence() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("finbert/model"));
        Path wd = tmp.resolve("repo/a/b/c");
        Files.createDirectories(wd);
        Files.createDirectories(tmp.resolve("repo/finbert/model"));

        assertThat(ModelLocator.resolve("/env/dir", "/prop/dir", home.toString(), wd)).isEqualTo(Path.of("/env/dir"));
        assertThat(ModelLocator.resolve(null, "/prop/dir", home.toString(), wd)).isEqualTo(Path.of("/prop/dir"));
        assertThat(ModelLocator.resolve(null, null, home.toString(), wd)).isEqualTo(home.resolve("finbert/model"));
        assertThat(ModelLocator.resolve(null, null, null, wd)).isEqualTo(tmp.resolve("repo/finbert/model"));
        assertThat(ModelLocator.resolve("", " ", tmp.resolve("nohome").toString(), wd))
                .isEqualTo(tmp.resolve("repo/finbert/model"));
    }

    @Test
    void notFoundNamesTheConventionalLocation() {
        Path wd = tmp.resolve("empty");
        assertThat(ModelLocator.resolve(null, null, null, wd)).isEqualTo(wd.resolve("finbert/model"));
    }
}
