package io.tickertape.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.tickertape.deploy.DeployFiles.exec;
import static io.tickertape.deploy.DeployFiles.repositoryRoot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the image recipe without a Docker engine: deploy/ecs/assemble-layout.sh builds the directory the
 * Dockerfile's runtime stage copies to /opt/tickertape (from the jars this build just packaged), and the app starts
 * from it and scores text with DJL_OFFLINE=true, an empty HOME, no network (a network namespace of its own when the
 * machine allows it, and a black-hole proxy always), a layout it cannot write (run as nobody when we are root,
 * read-only files otherwise), and a DJL cache that must come out byte-for-byte unchanged: the natives load from the
 * cache baked at build time, nothing is extracted or downloaded at run time.
 * Runs in {@code verify} (maven-failsafe-plugin), after {@code package} made launcher/target/lib.
 */
class RuntimeLayoutIT {

    private static final Duration ASSEMBLE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private static Path work;
    private static Path layout;
    private static boolean root;

    @BeforeAll
    static void assemble() throws IOException {
        Path repo = repositoryRoot();
        assertThat(repo.resolve("launcher/target/lib")).as("run in verify, after package").isDirectory();
        work = Files.createTempDirectory("tickertape-layout");
        layout = work.resolve("opt-tickertape");
        DeployFiles.Proc p = exec(List.of("bash", repo.resolve("deploy/ecs/assemble-layout.sh").toString(), "--no-build",
                layout.toString()), Map.of(), ASSEMBLE_TIMEOUT);
        assertThat(p.code()).as("assemble-layout.sh: " + p.err()).isZero();
        root = "0".equals(exec(List.of("id", "-u"), Map.of(), Duration.ofSeconds(10)).out().strip());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work == null) {
            return;
        }
        exec(List.of("chmod", "-R", "u+w", work.toString()), Map.of(), Duration.ofSeconds(60));
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void layoutHasWhatTheRuntimeStageShips() throws IOException {
        Path repo = repositoryRoot();
        assertThat(layout.resolve("bin/tickertape")).isExecutable();
        assertThat(layout.resolve("bin/healthcheck")).isExecutable();
        long targetJars;
        try (Stream<Path> s = Files.list(repo.resolve("launcher/target/lib"))) {
            targetJars = s.filter(p -> p.toString().endsWith(".jar")).count();
        }
        try (Stream<Path> s = Files.list(layout.resolve("lib"))) {
            List<String> jars = s.map(p -> p.getFileName().toString()).toList();
            assertThat(jars).hasSize((int) targetJars + 1).anyMatch(j -> j.matches("tickertape-launcher-.*\\.jar"));
        }
        for (String f : List.of("model.pt", "tokenizer.json", "model.json")) {
            assertThat(layout.resolve("finbert/model/" + f)).hasSameBinaryContentAs(repo.resolve("finbert/model/" + f));
        }
        var props = new java.util.Properties();
        try (var in = Files.newInputStream(layout.resolve("layout.properties"))) {
            props.load(in);
        }
        Path torch = layout.resolve(props.getProperty("pytorch.cache"));
        assertThat(torch.getFileName().toString()).endsWith("-cpu-linux-x86_64");
        for (String lib : List.of("libtorch.so", "libtorch_cpu.so", "libc10.so", props.getProperty("djl.version") + "-libdjl_torch.so")) {
            assertThat(torch.resolve(lib)).isNotEmptyFile();
        }
        assertThat(layout.resolve(props.getProperty("tokenizers.cache")).resolve("libtokenizers.so")).isNotEmptyFile();
    }

    @Test
    void appScoresOfflineFromTheBakedCacheAndWritesNothing() throws Exception {
        Path home = Files.createDirectory(work.resolve("home"));
        String cacheBefore = snapshot(layout.resolve("djl-cache"));

        List<String> command = new ArrayList<>();
        boolean ownNetwork = root && exec(List.of("unshare", "--net", "true"), Map.of(), Duration.ofSeconds(10)).code() == 0;
        if (ownNetwork) {
            command.addAll(List.of("unshare", "--net"));
        }
        boolean asNobody = root && exec(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"),
                Map.of(), Duration.ofSeconds(10)).code() == 0;
        if (asNobody) {
            // as in the image: the app's user owns nothing in the layout; HOME exists but is not writable
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            for (Path dir = work; dir != null && !dir.equals(dir.getRoot()); dir = dir.getParent()) {
                if (dir.startsWith(work)) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
        } else {
            assertThat(exec(List.of("chmod", "-R", "a-w", layout.toString(), home.toString()), Map.of(), Duration.ofSeconds(60)).code()).isZero();
        }
        command.addAll(List.of(layout.resolve("bin/tickertape").toString(), "score",
                "Profit rose sharply and the company raised its full-year guidance",
                "Shares plunged after the company cut its forecast and its chief executive resigned"));

        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("DJL_OFFLINE", "true");
        env.put("DJL_CACHE_DIR", layout.resolve("djl-cache").toString());
        env.put("ENGINE_CACHE_DIR", layout.resolve("djl-cache").toString());
        env.put("TICKERTAPE_LOG_FORMAT", "json");
        env.put("TICKERTAPE_JAVA_OPTS", "-XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:+ExitOnOutOfMemoryError");
        env.put("JAVA_TOOL_OPTIONS", "-Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=9 -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=9");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        System.out.printf("RuntimeLayoutIT: own network namespace: %s; layout not writable by the app: %s%n",
                ownNetwork, asNobody ? "yes (run as nobody, files owned by root)" : "yes (chmod -R a-w)");
        DeployFiles.Proc p = exec(command, clean(env), RUN_TIMEOUT);
        assertThat(p.code()).as("score from the layout (own network: %s, as nobody: %s): %s", ownNetwork, asNobody, p.err()).isZero();

        ObjectMapper json = new ObjectMapper();
        List<String> lines = p.out().lines().toList();
        assertThat(lines).hasSize(2);
        String version = json.readTree(layout.resolve("finbert/model/model.json").toFile()).path("version").asText();
        for (String line : lines) {
            JsonNode score = json.readTree(line);
            assertThat(score.path("label").asText()).isIn("positive", "negative", "neutral");
            assertThat(score.path("model").asText()).isEqualTo(version);
            double sum = score.path("scores").path("positive").asDouble() + score.path("scores").path("negative").asDouble()
                    + score.path("scores").path("neutral").asDouble();
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(p.err()).as("the model the layout baked in, found through tickertape.home")
                .contains("from " + layout.resolve("finbert/model"));
        assertThat(snapshot(layout.resolve("djl-cache"))).as("DJL extracted nothing at run time").isEqualTo(cacheBefore);
        try (Stream<Path> s = Files.list(home)) {
            assertThat(s.toList()).as("nothing written to HOME (no ~/.djl.ai)").isEmpty();
        }
    }

    @Test
    void everyServiceCommandStartsItsCommandLineFromTheLayout() {
        for (String task : List.of("run", "ingest", "digest", "replay")) {
            DeployFiles.Proc p = exec(List.of(layout.resolve("bin/tickertape").toString(), task, "--help"),
                    clean(Map.of("JAVA_HOME", System.getProperty("java.home"), "PATH", "/usr/bin:/bin",
                            "TICKERTAPE_JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")), Duration.ofMinutes(1));
            assertThat(p.code()).as(task + " --help: " + p.err()).isZero();
            assertThat(p.out()).contains("Usage: tickertape " + task);
        }
    }

    private static Map<String, String> clean(Map<String, String> env) {
        // ProcessBuilder starts from this JVM's environment: drop what could bring in another cache, model or JVM flags
        Map<String, String> out = new HashMap<>();
        for (String name : Set.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "TICKERTAPE_MODEL_DIR", "PYTORCH_LIBRARY_PATH",
                "TICKERTAPE_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "MAVEN_OPTS", "HOME")) {
            out.put(name, null);
        }
        out.putAll(env);
        return out;
    }

    /** Every path under dir with its size and modification time. */
    private static String snapshot(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                out.append(dir.relativize(p)).append(' ').append(Files.isDirectory(p) ? "d" : Files.size(p))
                        .append(' ').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
        }
        return out.toString();
    }
}
