package io.tickertape.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the deploy/ecs tests share: where the files are, strict JSON, the tasks, the environment ECS gives a container,
 * the template's placeholder form, a Dockerfile parser and a process runner (also used by {@code RuntimeLayoutIT}).
 */
final class DeployFiles {

    /** Strict JSON: duplicate keys and trailing content are errors (many tools silently accept both). */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    static final String DIGEST_CRON = "cron(30 13 * * ? *)";

    static final List<String> TASKS = List.of("run", "ingest", "digest", "replay", "web");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}!][^}]*)}");

    /** Example values (checked against the template's AllowedPattern) for the parameters without a default. */
    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("ImageUri", "123456789012.dkr.ecr.us-west-2.amazonaws.com/tickertape:3f2c1ab"),
            Map.entry("KafkaBootstrapServers", "b-1.tickertape.abc123.c2.kafka.us-west-2.amazonaws.com:9096,b-2.tickertape.abc123.c2.kafka.us-west-2.amazonaws.com:9096"),
            Map.entry("KafkaSaslJaasSecretArn", "arn:aws:secretsmanager:us-west-2:123456789012:secret:AmazonMSK_tickertape-jaas-AbCdEf"),
            Map.entry("MskClusterName", "tickertape"),
            Map.entry("DatabaseUrl", "jdbc:postgresql://tickertape.abc.us-west-2.rds.amazonaws.com:5432/tickertape?sslmode=require"),
            Map.entry("DatabaseSecretArn", "arn:aws:secretsmanager:us-west-2:123456789012:secret:tickertape/database-AbCdEf"),
            Map.entry("SmtpHost", "email-smtp.us-west-2.amazonaws.com"),
            Map.entry("SmtpSecretArn", "arn:aws:secretsmanager:us-west-2:123456789012:secret:tickertape/smtp-AbCdEf"),
            Map.entry("MailFrom", "tickertape <digest@example.com>"),
            Map.entry("FeedUserAgent", "tickertape ops@example.com"),
            Map.entry("VpcId", "vpc-0abc"),
            Map.entry("SubnetIds", "subnet-0abc,subnet-0def"),
            Map.entry("WebSubnetIds", "subnet-0pub1,subnet-0pub2"),
            Map.entry("WebCertificateArn", "arn:aws:acm:us-west-2:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"),
            Map.entry("WebDatabaseSecretArn", "arn:aws:secretsmanager:us-west-2:123456789012:secret:tickertape/web-database-AbCdEf"));

    /** What ECS puts in the environment from each secret, for parsing (the values are never real). */
    private static final Map<String, String> SECRET_EXAMPLES = Map.of(
            "DATABASE_USER", "tickertape", "DATABASE_PASSWORD", "example-password",
            "TICKERTAPE_SMTP_USER", "AKIAEXAMPLE", "SMTP_PASSWORD", "example-password",
            "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";");

    private DeployFiles() {
    }

    /** The repository root: the first directory at or above the working directory that has deploy/ecs/Dockerfile. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/ecs/Dockerfile"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/ecs/Dockerfile at or above " + Path.of("").toAbsolutePath());
    }

    static Path deployDir() {
        return repositoryRoot().resolve("deploy/ecs");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + file + ": " + e.getMessage(), e);
        }
    }

    /** deploy/ecs/cloudformation.json. */
    static JsonNode template() {
        return readJson(deployDir().resolve("cloudformation.json"));
    }

    /** deploy/ecs/task-definitions/TASK.json. */
    static JsonNode taskDefinition(String task) {
        return readJson(deployDir().resolve("task-definitions/" + task + ".json"));
    }

    record Proc(int code, String out, String err) {
    }

    /**
     * Runs a process with a deadline; output to temporary files, so a chatty process cannot block on a full pipe.
     * A null value removes the variable from the inherited environment.
     */
    static Proc exec(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("deploy-test", ".out");
            Path err = Files.createTempFile("deploy-test", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                env.forEach((name, value) -> {
                    if (value == null) {
                        pb.environment().remove(name); // not inherited from this JVM's environment
                    } else {
                        pb.environment().put(name, value);
                    }
                });
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(command + " did not finish within " + timeout + "; stderr: " + Files.readString(err));
                }
                return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The environment ECS gives the container, with the template's defaults (or checked examples) for ${Parameters}. */
    static Map<String, String> containerEnvironment(JsonNode container, JsonNode template) {
        JsonNode parameters = template.path("Parameters");
        Map<String, String> values = new HashMap<>();
        parameters.properties().forEach(e -> {
            JsonNode p = e.getValue();
            String value = p.has("Default") ? p.get("Default").asText() : EXAMPLES.get(e.getKey());
            assertThat(value).as("an example value for parameter " + e.getKey()).isNotNull();
            if (p.has("AllowedPattern")) {
                assertThat(value).as(e.getKey()).matches(p.get("AllowedPattern").asText());
            }
            if (p.has("AllowedValues")) {
                assertThat(texts(p.get("AllowedValues"))).as(e.getKey()).contains(value);
            }
            values.put(e.getKey(), value);
        });
        Map<String, String> env = new TreeMap<>();
        nameValues(container.path("environment"), "value").forEach((name, value) -> {
            Matcher m = PLACEHOLDER.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = values.get(m.group(1));
                assertThat(v).as(name + ": ${" + m.group(1) + "} is a template parameter").isNotNull();
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            env.put(name, out.toString());
        });
        nameValues(container.path("secrets"), "valueFrom").keySet().forEach(name -> {
            assertThat(SECRET_EXAMPLES).as("an example value for secret " + name).containsKey(name);
            env.put(name, SECRET_EXAMPLES.get(name));
        });
        return env;
    }

    /** The value of a dimension of the lag alarm, in the task-definition files' placeholder form. */
    static String lagDimension(JsonNode template, String name) {
        for (JsonNode d : template.path("Resources").path("LagHighAlarm").path("Properties").path("Dimensions")) {
            if (d.path("Name").asText().equals(name)) {
                JsonNode v = d.path("Value");
                return v.isTextual() ? v.asText() : toApiForm(v, false).asText();
            }
        }
        throw new AssertionError("no dimension " + name);
    }

    static Map<String, String> nameValues(JsonNode array, String valueField) {
        Map<String, String> out = new LinkedHashMap<>();
        if (array.isMissingNode()) {
            return out;
        }
        assertThat(array.isArray()).isTrue();
        for (JsonNode n : array) {
            assertThat(n.path("name").isTextual()).as("name in " + n).isTrue();
            assertThat(n.path(valueField).isTextual()).as(valueField + " in " + n).isTrue();
            assertThat(out.put(n.get("name").asText(), n.get(valueField).asText())).as("duplicate " + n.get("name")).isNull();
        }
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    interface Visitor {
        void visit(String path, JsonNode node);
    }

    static void walk(JsonNode node, String path, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(path, node);
            node.properties().forEach(e -> walk(e.getValue(), path + "." + e.getKey(), visitor));
        } else if (node.isArray()) {
            visitor.visit(path, node);
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }

    /** One Dockerfile instruction: its keyword (upper case), the rest of the logical line, the 1-based line number. */
    record Instruction(String keyword, String arguments, int line) {
    }

    /** A Dockerfile's instructions: comments and blank lines dropped, backslash continuations joined. */
    static List<Instruction> parseDockerfile(String text) {
        List<Instruction> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) {
                continue; // comment lines, even inside a continued instruction, are dropped by Docker too
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String logical = current.toString().strip().replaceAll("\\s+", " ");
                int space = logical.indexOf(' ');
                out.add(new Instruction((space < 0 ? logical : logical.substring(0, space)).toUpperCase(Locale.ROOT),
                        space < 0 ? "" : logical.substring(space + 1), start));
                current = null;
            }
        }
        assertThat(current).as("the Dockerfile ends inside a continued instruction (line %d)", start).isNull();
        return out;
    }

    /**
     * A CloudFormation value in the form of the task-definition files: {@code {"Ref": "X"}} -> {@code "${X}"},
     * {@code {"Fn::GetAtt": ["R", "Arn"]}} -> {@code "${RArn}"}, {@code {"Fn::Sub": "s"}} -> s, pseudo parameters
     * {@code AWS::Region} -> {@code AwsRegion} (names envsubst accepts); PascalCase property names -> the ECS API's
     * camelCase (except the log driver's options, which are settings, not properties).
     */
    static JsonNode toApiForm(JsonNode node, boolean keepKeys) {
        String placeholder = placeholder(node);
        if (placeholder != null) {
            return TextNode.valueOf(placeholder);
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(
                    keepKeys ? e.getKey() : Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1),
                    toApiForm(e.getValue(), "Options".equals(e.getKey()))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(x -> out.add(toApiForm(x, false)));
            return out;
        }
        return node;
    }

    private static String placeholder(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return null;
        }
        if (node.has("Ref")) {
            return "${" + pseudo(node.get("Ref").asText()) + "}";
        }
        if (node.has("Fn::GetAtt") && node.get("Fn::GetAtt").isArray()) {
            return "${" + node.get("Fn::GetAtt").get(0).asText() + node.get("Fn::GetAtt").get(1).asText() + "}";
        }
        if (node.has("Fn::Sub") && node.get("Fn::Sub").isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.get("Fn::Sub").asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement("${" + pseudo(m.group(1)).replace(".", "") + "}"));
            }
            m.appendTail(out);
            return out.toString();
        }
        return null;
    }

    private static String pseudo(String name) {
        return name.startsWith("AWS::") ? "Aws" + name.substring("AWS::".length()) : name;
    }

    /** The ${Name} variables of a Fn::Sub string or placeholder text (not the ${!Literal} escapes). */
    static List<String> subVariables(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
