package io.tickertape.deploy;

import io.tickertape.deploy.DeployFiles.Proc;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.tickertape.deploy.DeployFiles.deployDir;
import static io.tickertape.deploy.DeployFiles.exec;
import static io.tickertape.deploy.DeployFiles.parseDockerfile;
import static io.tickertape.deploy.DeployFiles.read;
import static io.tickertape.deploy.DeployFiles.readJson;
import static io.tickertape.deploy.DeployFiles.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every file in deploy/ecs parses (JSON strictly, shell scripts with {@code bash -n}, the Dockerfile's instructions,
 * the .dockerignore's patterns) and names no machine's absolute path; a new kind of file needs a check here.
 * The image recipe itself is proven by {@code RuntimeLayoutIT}.
 */
class DeployDirectoryTest {

    /** Roots of developer and CI machines' own directories, which must never appear in a deploy file. */
    private static final String[] MACHINE_PATHS = {"/" + "work/", "/home/", "/Users/"};

    @TestFactory
    Stream<DynamicTest> everyFileInDeployEcsParses() throws IOException {
        Path dir = deployDir();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).extracting(p -> dir.relativize(p).toString().replace('\\', '/'))
                .contains("Dockerfile", "Dockerfile.dockerignore", "assemble-layout.sh", "healthcheck.sh", "cloudformation.json",
                        "task-definitions/run.json", "task-definitions/ingest.json", "task-definitions/digest.json",
                        "task-definitions/replay.json", "task-definitions/web.json");
        return files.stream().map(file -> DynamicTest.dynamicTest(dir.relativize(file).toString(), () -> {
            String name = file.getFileName().toString();
            String text = read(file);
            if (!name.endsWith(".md")) {
                assertThat(text).as(name + " must not name a machine's absolute path").doesNotContain(MACHINE_PATHS);
            }
            if (name.endsWith(".json")) {
                assertThat(readJson(file).isObject()).as(name).isTrue();
            } else if (name.endsWith(".sh")) {
                assertThat(Files.isExecutable(file)).as(name + " is executable").isTrue();
                assertThat(text).as(name).startsWith("#!/usr/bin/env bash\n").contains("set -");
                Proc p = exec(List.of("bash", "-n", file.toString()), Map.of(), Duration.ofSeconds(30));
                assertThat(p.code()).as("bash -n " + name + ": " + p.err()).isZero();
            } else if (name.equals("Dockerfile")) {
                assertThat(parseDockerfile(text)).isNotEmpty().allSatisfy(i -> assertThat(i.keyword())
                        .as("line %d", i.line()).isIn("FROM", "ARG", "ENV", "RUN", "COPY", "ADD", "USER", "WORKDIR",
                                "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD", "LABEL", "VOLUME", "STOPSIGNAL", "SHELL"));
            } else if (name.endsWith(".dockerignore")) {
                for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                    assertThat(line).as("a .dockerignore pattern is relative to the build context").doesNotStartWith("/");
                }
            } else if (name.endsWith(".md")) {
                assertThat(text).isNotBlank();
            } else {
                fail("no check for deploy/ecs/" + dir.relativize(file) + ": add one to " + getClass().getSimpleName());
            }
        }));
    }
}
