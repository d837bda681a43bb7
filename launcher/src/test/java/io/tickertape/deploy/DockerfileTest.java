package io.tickertape.deploy;

import io.tickertape.deploy.DeployFiles.Instruction;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.tickertape.deploy.DeployFiles.deployDir;
import static io.tickertape.deploy.DeployFiles.parseDockerfile;
import static io.tickertape.deploy.DeployFiles.read;
import static io.tickertape.deploy.DeployFiles.repositoryRoot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/ecs/Dockerfile keeps its promises: multi-stage, built with Maven on a JDK 25, run on a JRE 25 as non-root with
 * the baked model and DJL cache, a health check; what it copies exists and is not excluded by its .dockerignore.
 */
class DockerfileTest {

    @Test
    void dockerfileBuildsWithMavenRunsOnAJreAsNonRootWithTheBakedModelAndDjlCache() {
        Path root = repositoryRoot();
        List<Instruction> all = parseDockerfile(read(deployDir().resolve("Dockerfile")));
        Map<String, String> args = new HashMap<>();
        Map<String, List<Instruction>> stages = new LinkedHashMap<>();
        List<Instruction> current = null;
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) {
                Matcher m = Pattern.compile("(?:--platform=\\S+\\s+)?(\\S+)\\s+AS\\s+(\\S+)", Pattern.CASE_INSENSITIVE).matcher(i.arguments());
                assertThat(m.matches()).as("every stage is named: line %d", i.line()).isTrue();
                current = new ArrayList<>();
                current.add(i);
                stages.put(m.group(2), current);
            } else if (current == null) {
                assertThat(i.keyword()).as("before the first FROM only ARG").isEqualTo("ARG");
                String[] kv = i.arguments().split("=", 2);
                args.put(kv[0], kv.length > 1 ? kv[1] : "");
            } else {
                current.add(i);
            }
        }
        assertThat(stages.keySet()).containsSubsequence("model-shipped", "model-prosus-finbert", "model", "build", "runtime");
        assertThat(List.copyOf(stages.keySet()).getLast()).as("the last stage is the image").isEqualTo("runtime");
        assertThat(args).containsEntry("MODEL", "shipped");
        assertThat(args.get("JRE_IMAGE")).as("a JRE 25 runs").contains(":25-jre");
        assertThat(args.get("JDK_IMAGE")).as("a JDK 25 builds").contains(":25-jdk");
        assertThat(stages.get("model").getFirst().arguments()).isEqualTo("model-${MODEL} AS model");
        assertThat(stages.get("runtime").getFirst().arguments()).contains("${JRE_IMAGE}");
        assertThat(stages.get("build").getFirst().arguments()).contains("${JDK_IMAGE}");

        String build = stages.get("build").stream().map(Instruction::arguments).collect(Collectors.joining("\n"));
        assertThat(build).contains("./mvnw ", " package", "deploy/ecs/assemble-layout.sh --no-build --model /baked-model --verify /opt/tickertape");
        String prosus = stages.get("model-prosus-finbert").stream().map(Instruction::arguments).collect(Collectors.joining("\n"));
        assertThat(prosus).contains("torch==${TORCH_VERSION}", "finbert/train/export_hf_torchscript.py", "/model");
        assertThat(stages.get("model-prosus-finbert").stream().filter(i -> i.keyword().equals("ARG")).map(Instruction::arguments))
                .as("the libtorch DJL runs, so the TorchScript file loads").contains("TORCH_VERSION=2.7.1");

        List<Instruction> runtime = stages.get("runtime");
        assertThat(runtime).anySatisfy(i -> assertThat(i.keyword() + " " + i.arguments())
                .isEqualTo("COPY --from=build --chown=root:root /opt/tickertape /opt/tickertape"));
        Map<String, String> env = new HashMap<>();
        runtime.stream().filter(i -> i.keyword().equals("ENV")).forEach(i -> env.putAll(envAssignments(i.arguments())));
        assertThat(env).containsEntry("DJL_OFFLINE", "true")
                .containsEntry("DJL_CACHE_DIR", "/opt/tickertape/djl-cache")
                .containsEntry("ENGINE_CACHE_DIR", "/opt/tickertape/djl-cache")
                .containsEntry("TICKERTAPE_MODEL_DIR", "/opt/tickertape/finbert/model");
        assertThat(env.get("TICKERTAPE_JAVA_OPTS")).as("container-aware heap sizing")
                .contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError").doesNotContain("-Xmx");
        List<Instruction> users = runtime.stream().filter(i -> i.keyword().equals("USER")).toList();
        assertThat(users).hasSize(1);
        assertThat(users.getFirst().arguments()).as("non-root").matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(runtime.indexOf(users.getFirst())).as("USER after every RUN").isGreaterThan(
                runtime.stream().filter(i -> i.keyword().equals("RUN")).mapToInt(runtime::indexOf).max().orElse(-1));
        assertThat(runtime).anySatisfy(i -> {
            assertThat(i.keyword()).isEqualTo("HEALTHCHECK");
            assertThat(i.arguments()).contains("CMD [\"/opt/tickertape/bin/healthcheck\"]");
        });
        assertThat(runtime).anySatisfy(i -> assertThat(i.keyword() + " " + i.arguments())
                .isEqualTo("ENTRYPOINT [\"/opt/tickertape/bin/tickertape\"]"));

        // what the stages COPY from the build context exists and is not excluded by the .dockerignore
        List<String> ignored = read(deployDir().resolve("Dockerfile.dockerignore")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        for (Instruction i : all) {
            if (i.keyword().equals("COPY") && !i.arguments().startsWith("--from")) {
                String[] parts = i.arguments().split("\\s+");
                for (int k = 0; k < parts.length - 1; k++) {
                    String source = parts[k].replaceAll("/$", "");
                    if (source.startsWith("--") || source.equals(".")) {
                        continue;
                    }
                    assertThat(root.resolve(source)).as("COPY source line %d", i.line()).exists();
                    assertThat(ignored).as("%s is excluded from the build context", source)
                            .noneMatch(p -> source.equals(p) || source.startsWith(p + "/"));
                }
            }
        }
        for (String needed : List.of("mvnw", ".mvn", "pom.xml", "bin", "finbert/model", "deploy/ecs", "launcher", "migrations/sql")) {
            assertThat(ignored).as(needed + " is needed by the build").noneMatch(p -> needed.equals(p) || needed.startsWith(p + "/"));
        }
        // the layout script installs what the runtime stage promises
        String script = read(deployDir().resolve("assemble-layout.sh"));
        assertThat(script).contains("\"$OUT/bin/tickertape\"", "\"$OUT/bin/healthcheck\"", "\"$OUT/lib/\"", "$OUT/finbert/model",
                "$OUT/djl-cache/pytorch/", "$OUT/djl-cache/tokenizers/");
    }

    /** KEY=VALUE pairs of an ENV instruction (double-quoted values may hold spaces). */
    private static Map<String, String> envAssignments(String arguments) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)").matcher(arguments);
        while (m.find()) {
            String v = m.group(2);
            out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }
}
