package io.tickertape.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import io.tickertape.cli.EnvironmentDefaults;
import io.tickertape.cli.Main;
import io.tickertape.digest.scheduling.DailySchedule;
import io.tickertape.events.topics.Topics;
import io.tickertape.topology.config.KafkaEnvironment;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Validates every file in deploy/ecs against the application itself: each file parses; the task definitions and the
 * CloudFormation template have the fields ECS needs and agree with each other; every environment variable and secret
 * name is a configuration key of the command the container runs (derived from the real picocli model); every
 * {@code command} array parses with the real command line (options and environment values both); the digest's
 * schedule is 06:30 America/Phoenix every day of the year; the Dockerfile keeps its promises (multi-stage, JRE,
 * baked model and DJL cache, non-root, health check); the health-check script answers like a health check.
 * The image recipe itself is proven by {@code RuntimeLayoutIT}.
 */
class DeployFilesTest {

    /** Roots of developer and CI machines' own directories, which must never appear in a deploy file. */
    private static final String[] MACHINE_PATHS = {"/" + "work/", "/home/", "/Users/"};

    /** Strict JSON: duplicate keys and trailing content are errors (many tools silently accept both). */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    static final String DIGEST_CRON = "cron(30 13 * * ? *)";
    private static final List<String> TASKS = List.of("run", "ingest", "digest", "replay", "web");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}!][^}]*)}");
    /** Fargate's task sizes: CPU units -> allowed memory (MiB). */
    private static final Map<Integer, Set<Integer>> FARGATE_SIZES = Map.of(
            256, Set.of(512, 1024, 2048),
            512, range(1024, 4096, 1024),
            1024, range(2048, 8192, 1024),
            2048, range(4096, 16384, 1024),
            4096, range(8192, 30720, 1024));
    /** Variables the application reads besides the option variables (logback, bin/tickertape, DJL, the JVM). */
    private static final Set<String> GLOBAL_VARIABLES = Set.of("TICKERTAPE_LOG_FORMAT", "TICKERTAPE_LOG_LEVEL",
            "TICKERTAPE_JAVA_OPTS", "TICKERTAPE_DEBUG", "TICKERTAPE_MODEL_DIR", "DJL_OFFLINE", "DJL_CACHE_DIR",
            "ENGINE_CACHE_DIR", "JAVA_TOOL_OPTIONS");
    /** Only ever from Secrets Manager / SSM, never a plain environment value. */
    private static final Set<String> SECRET_ONLY = Set.of("DATABASE_PASSWORD", "SMTP_PASSWORD", "KAFKA_SASL_JAAS_CONFIG");
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

    // ---- every file ------------------------------------------------------------------------------------------------

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

    // ---- task definitions ------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> taskDefinitionsHaveWhatFargateNeeds() {
        return TASKS.stream().map(task -> DynamicTest.dynamicTest(task, () -> {
            JsonNode td = taskDefinition(task);
            assertThat(td.path("family").asText()).endsWith("-" + task);
            assertThat(td.path("networkMode").asText()).isEqualTo("awsvpc");
            assertThat(td.path("requiresCompatibilities")).extracting(JsonNode::asText).containsExactly("FARGATE");
            assertThat(td.path("runtimePlatform").path("cpuArchitecture").asText())
                    .as("the image carries linux-x86_64 libtorch only").isEqualTo("X86_64");
            int cpu = Integer.parseInt(td.path("cpu").asText());
            int memory = Integer.parseInt(td.path("memory").asText());
            assertThat(FARGATE_SIZES.getOrDefault(cpu, Set.of())).as("Fargate size %d CPU / %d MiB", cpu, memory).contains(memory);
            assertThat(td.path("executionRoleArn").asText()).isNotBlank();
            assertThat(td.path("taskRoleArn").asText()).isNotBlank();
            assertThat(td.path("containerDefinitions")).hasSize(1);
            JsonNode c = td.path("containerDefinitions").get(0);
            assertThat(c.path("name").asText()).isEqualTo(task);
            assertThat(c.path("image").asText()).isEqualTo("${ImageUri}");
            assertThat(c.path("essential").asBoolean()).isTrue();
            assertThat(c.path("user").asText()).as("non-root").matches("[1-9][0-9]*:[1-9][0-9]*");
            int stopTimeout = c.path("stopTimeout").asInt();
            assertThat(stopTimeout).as("stopTimeout (Fargate allows at most 120 s)").isBetween(30, 120);
            JsonNode logs = c.path("logConfiguration");
            assertThat(logs.path("logDriver").asText()).isEqualTo("awslogs");
            assertThat(logs.path("options").path("awslogs-group").asText()).isNotBlank();
            assertThat(logs.path("options").path("awslogs-region").asText()).isNotBlank();
            assertThat(logs.path("options").path("awslogs-stream-prefix").asText()).isEqualTo(task);
            Map<String, String> env = nameValues(c.path("environment"), "value");
            Map<String, String> secrets = nameValues(c.path("secrets"), "valueFrom");
            assertThat(env.keySet()).as("a variable is either plain or a secret").doesNotContainAnyElementsOf(secrets.keySet());
            assertThat(env.keySet()).as("secrets never as plain environment values").doesNotContainAnyElementsOf(SECRET_ONLY);
            secrets.forEach((name, from) -> assertThat(from).as(name)
                    .matches("(\\$\\{[A-Za-z]+SecretArn}|arn:aws[a-z-]*:(secretsmanager|ssm):.+)(:[A-Za-z0-9_]+::)?"));
            assertThat(env).containsEntry("TICKERTAPE_LOG_FORMAT", "json");
            if (c.has("healthCheck")) {
                JsonNode hc = c.path("healthCheck");
                assertThat(hc.path("command").get(0).asText()).isEqualTo("CMD");
                assertThat(hc.path("command").get(1).asText()).isEqualTo("/opt/tickertape/bin/healthcheck");
                assertThat(hc.path("timeout").asInt()).isLessThan(hc.path("interval").asInt());
                assertThat(hc.path("startPeriod").asInt()).as("ECS allows at most 300 s").isBetween(60, 300);
            }
        }));
    }

    /** Each container's command parses with the real CLI, in the environment ECS gives it; names are real keys. */
    @TestFactory
    Stream<DynamicTest> commandsEnvironmentAndSecretsMatchTheCommandLine() {
        JsonNode template = template();
        return TASKS.stream().map(task -> DynamicTest.dynamicTest(task, () -> {
            JsonNode c = taskDefinition(task).path("containerDefinitions").get(0);
            List<String> command = texts(c.path("command"));
            Map<String, String> env = containerEnvironment(c, template);
            CommandLine cli = Main.commandLine(env);
            ParseResult parsed;
            try {
                parsed = cli.parseArgs(command.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(task + ": " + command + " with its environment is not a valid invocation: " + e.getMessage(), e);
            }
            while (parsed.hasSubcommand()) {
                parsed = parsed.subcommand();
            }
            CommandSpec spec = parsed.commandSpec();
            assertThat(spec.name()).isEqualTo(task);
            assertThat(parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()).isFalse();

            Set<String> known = knownVariables(spec);
            List<String> names = new ArrayList<>(nameValues(c.path("environment"), "value").keySet());
            names.addAll(nameValues(c.path("secrets"), "valueFrom").keySet());
            assertThat(names).as("no variable twice").doesNotHaveDuplicates();
            for (String name : names) {
                if (name.startsWith("KAFKA_")) {
                    assertThat(spec.findOption("--bootstrap-servers")).as(name + ": '" + task + "' does not talk to Kafka").isNotNull();
                    Set<String> props = KafkaEnvironment.fromEnvironment(Map.of(name, "x")).stringPropertyNames();
                    assertThat(props).as(name + " is a Kafka client property").hasSize(1);
                    assertThat(kafkaConfigNames()).as(name + " -> " + props).containsAll(props);
                } else {
                    assertThat(known).as("'" + name + "' is not a configuration key of 'tickertape " + task + "'").contains(name);
                }
            }
            for (String option : command) {
                assertThat(option).as("passwords only from the environment").doesNotContainIgnoringCase("password");
            }

            switch (task) {
                case "run" -> {
                    Duration shutdown = spec.findOption("--shutdown-timeout").getValue();
                    assertThat(shutdown.plusSeconds(5)).as("--shutdown-timeout leaves time before ECS kills the task")
                            .isLessThanOrEqualTo(Duration.ofSeconds(c.path("stopTimeout").asInt()));
                    int opsPort = spec.findOption("--ops-port").getValue();
                    assertThat(healthCheck(c)).containsExactly("--port", String.valueOf(opsPort), "--path", "/ready");
                    assertThat(containerPorts(c)).contains(opsPort);
                    assertThat((String) spec.findOption("--application-id").getValue()).isEqualTo(lagDimension(template, "Consumer Group"));
                    int threads = spec.findOption("--threads").getValue();
                    assertThat(threads).as("stream threads per task, within --partitions")
                            .isLessThanOrEqualTo((Integer) spec.findOption("--partitions").getValue());
                    assertThat(spec.findOption("--database-url").<String>getValue()).as("never the embedded database on ECS").isNotBlank();
                }
                case "ingest" -> {
                    int metricsPort = spec.findOption("--metrics-port").getValue();
                    assertThat(metricsPort).isPositive();
                    assertThat(healthCheck(c)).containsExactly("--port", String.valueOf(metricsPort), "--path", "/metrics");
                    assertThat(containerPorts(c)).contains(metricsPort);
                    assertThat(spec.findOption("--user-agent").<String>getValue()).isNotBlank();
                    assertThat(spec.findOption("--once").<Boolean>getValue()).as("a service polls continuously").isFalse();
                }
                case "digest" -> {
                    assertThat(spec.findOption("--dry-run").<Boolean>getValue()).isFalse();
                    assertThat(spec.findOption("--schedule").<Boolean>getValue()).as("EventBridge schedules it, not the process").isFalse();
                    assertThat(spec.findOption("--date").<Object>getValue()).as("the date defaults to today in Phoenix").isNull();
                    assertThat(spec.findOption("--database-url").<String>getValue()).isNotBlank();
                    assertThat(spec.findOption("--smtp-host").<String>getValue()).isNotBlank();
                }
                case "replay" -> {
                    assertThat(spec.findOption("--dry-run").<Boolean>getValue()).as("the stored replay command changes nothing").isTrue();
                    assertThat(spec.findOption("--force").<Boolean>getValue()).isFalse();
                    assertThat((String) spec.findOption("--application-id").getValue()).isEqualTo(lagDimension(template, "Consumer Group"));
                    assertThat(c.has("healthCheck")).isFalse();
                }
                case "web" -> {
                    int port = spec.findOption("--port").getValue();
                    assertThat(healthCheck(c)).containsExactly("--port", String.valueOf(port), "--path", "/ready");
                    assertThat(containerPorts(c)).contains(port);
                    assertThat(spec.findOption("--database-url").<String>getValue()).as("never the embedded database on ECS").isNotBlank();
                    assertThat(spec.findOption("--embedded-database").<Boolean>getValue()).isFalse();
                    assertThat(spec.findOption("--trust-forwarded-for").<Boolean>getValue()).as("behind the ALB").isTrue();
                    // the load balancer checks the same endpoint on the same port, and forwards HTTPS to it
                    JsonNode resources = template.path("Resources");
                    JsonNode group = resources.path("WebTargetGroup").path("Properties");
                    assertThat(group.path("HealthCheckPath").asText()).isEqualTo("/ready");
                    assertThat(group.path("Port").asInt()).isEqualTo(port);
                    assertThat(group.path("TargetType").asText()).as("awsvpc tasks register by IP").isEqualTo("ip");
                    JsonNode https = resources.path("WebHttpsListener").path("Properties");
                    assertThat(https.path("Protocol").asText()).isEqualTo("HTTPS");
                    assertThat(https.path("DefaultActions").get(0).path("TargetGroupArn").path("Ref").asText()).isEqualTo("WebTargetGroup");
                    JsonNode service = resources.path("WebService").path("Properties");
                    assertThat(service.path("TaskDefinition").path("Ref").asText()).isEqualTo("WebTaskDefinition");
                    JsonNode lb = service.path("LoadBalancers").get(0);
                    assertThat(lb.path("ContainerName").asText()).isEqualTo("web");
                    assertThat(lb.path("ContainerPort").asInt()).isEqualTo(port);
                    assertThat(lb.path("TargetGroupArn").path("Ref").asText()).isEqualTo("WebTargetGroup");
                    assertThat(service.path("DeploymentConfiguration").path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();
                    JsonNode ingress = resources.path("WebTaskSecurityGroup").path("Properties").path("SecurityGroupIngress").get(0);
                    assertThat(ingress.path("FromPort").asInt()).isEqualTo(port);
                    assertThat(ingress.path("SourceSecurityGroupId").path("Ref").asText()).isEqualTo("WebLoadBalancerSecurityGroup");
                }
                default -> fail("unexpected task " + task);
            }
        }));
    }

    /** Every command override in the runbook ({@code "command":[...]}) parses in the environment of its task. */
    @Test
    void commandOverridesInTheRunbookParse() throws IOException {
        String runbook = read(repositoryRoot().resolve("docs/OPERATIONS.md"));
        Matcher m = Pattern.compile("\"command\":\\[[^\\]]*]").matcher(runbook);
        List<List<String>> commands = new ArrayList<>();
        while (m.find()) {
            commands.add(texts(JSON.readTree("{" + m.group() + "}").path("command")));
        }
        commands.add(List.of("replay", "--to-datetime", "2026-11-20T23:00:00-07:00", "--dry-run"));
        commands.add(List.of("replay", "--to-earliest"));
        assertThat(commands).as("the runbook's overrides").anySatisfy(c -> assertThat(c).contains("replay", "--dry-run"))
                .anySatisfy(c -> assertThat(c).contains("replay").doesNotContain("--dry-run"));
        for (List<String> command : commands) {
            String task = command.getFirst();
            assertThat(TASKS).as("a task for " + command).contains(task);
            Map<String, String> env = containerEnvironment(taskDefinition(task).path("containerDefinitions").get(0), template());
            try {
                ParseResult parsed = Main.commandLine(env).parseArgs(command.toArray(String[]::new));
                assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(task);
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError("runbook override " + command + ": " + e.getMessage(), e);
            }
        }
        assertThat(runbook).contains("--force", "Exit code 3");
    }

    // ---- CloudFormation --------------------------------------------------------------------------------------------

    @Test
    void templateReferencesResolve() {
        JsonNode template = template();
        assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        Set<String> parameters = names(template.path("Parameters"));
        Set<String> resources = names(template.path("Resources"));
        Set<String> conditions = names(template.path("Conditions"));
        Set<String> pseudo = Set.of("AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::Partition", "AWS::NoValue", "AWS::URLSuffix", "AWS::StackId");
        List<String> problems = new ArrayList<>();
        walk(template.path("Resources"), "Resources", (path, node) -> {
            if (node.has("Ref")) {
                String r = node.get("Ref").asText();
                if (!parameters.contains(r) && !resources.contains(r) && !pseudo.contains(r)) {
                    problems.add(path + ": Ref " + r);
                }
            }
            if (node.has("Fn::GetAtt")) {
                String r = node.get("Fn::GetAtt").get(0).asText();
                if (!resources.contains(r)) {
                    problems.add(path + ": GetAtt " + r);
                }
            }
            if (node.has("Fn::Sub")) {
                for (String v : subVariables(node.get("Fn::Sub").asText())) {
                    String base = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
                    if (!parameters.contains(v) && !resources.contains(base) && !pseudo.contains(v)) {
                        problems.add(path + ": ${" + v + "}");
                    }
                }
            }
            if (node.has("Fn::If") && !conditions.contains(node.get("Fn::If").get(0).asText())) {
                problems.add(path + ": condition " + node.get("Fn::If").get(0).asText());
            }
        });
        template.path("Resources").properties().forEach(e -> {
            JsonNode r = e.getValue();
            assertThat(r.path("Type").asText()).as(e.getKey()).matches("AWS::[A-Za-z0-9]+::[A-Za-z0-9]+");
            assertThat(r.path("Properties").isObject()).as(e.getKey() + " Properties").isTrue();
            if (r.has("Condition")) {
                assertThat(conditions).as(e.getKey()).contains(r.get("Condition").asText());
            }
        });
        assertThat(problems).as("unresolved references").isEmpty();
        // every parameter is used
        String body = template.path("Resources").toString() + template.path("Conditions") + template.path("Outputs");
        for (String p : parameters) {
            assertThat(body).as("parameter " + p + " is used").containsAnyOf("\"Ref\":\"" + p + "\"", "${" + p + "}", "${" + p + ":");
        }
    }

    @Test
    void templateHasTheServicesScheduleAndAutoscaling() {
        JsonNode template = template();
        JsonNode resources = template.path("Resources");
        Map<String, JsonNode> byType = new TreeMap<>();
        resources.properties().forEach(e -> byType.merge(e.getValue().path("Type").asText(),
                JsonNodeFactory.instance.arrayNode().add(e.getKey()), (a, b) -> ((ArrayNode) a).addAll((ArrayNode) b)));
        assertThat(byType.keySet()).contains("AWS::ECS::Cluster", "AWS::ECS::TaskDefinition", "AWS::ECS::Service",
                "AWS::Events::Rule", "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
                "AWS::CloudWatch::Alarm", "AWS::Logs::LogGroup", "AWS::IAM::Role");
        assertThat(texts(byType.get("AWS::ECS::TaskDefinition"))).containsExactlyInAnyOrder(
                "RunTaskDefinition", "IngestTaskDefinition", "DigestTaskDefinition", "ReplayTaskDefinition", "WebTaskDefinition");

        JsonNode run = resources.path("RunService").path("Properties");
        assertThat(run.path("TaskDefinition").path("Ref").asText()).isEqualTo("RunTaskDefinition");
        assertThat(run.path("LaunchType").asText()).isEqualTo("FARGATE");
        assertThat(run.path("DeploymentConfiguration").path("DeploymentCircuitBreaker").path("Enable").asBoolean()).isTrue();
        assertThat(run.path("DeploymentConfiguration").path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();
        assertThat(run.path("NetworkConfiguration").path("AwsvpcConfiguration").path("AssignPublicIp").asText()).isEqualTo("DISABLED");
        JsonNode ingest = resources.path("IngestService").path("Properties");
        assertThat(ingest.path("TaskDefinition").path("Ref").asText()).isEqualTo("IngestTaskDefinition");
        assertThat(ingest.path("DesiredCount").asInt()).as("one poller: two would race to publish").isEqualTo(1);
        assertThat(ingest.path("DeploymentConfiguration").path("MaximumPercent").asInt()).as("never two pollers, even while deploying").isEqualTo(100);
        assertThat(ingest.path("DeploymentConfiguration").path("DeploymentCircuitBreaker").path("Rollback").asBoolean()).isTrue();

        // the schedules: the digest at exactly the cron, and its retries later that morning; the digest task, on Fargate
        Map<String, JsonNode> scheduled = new TreeMap<>();
        resources.properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Events::Rule") && e.getValue().path("Properties").has("ScheduleExpression")) {
                scheduled.put(e.getKey(), e.getValue().path("Properties"));
            }
        });
        assertThat(scheduled.keySet()).containsExactly("DigestRetrySchedule", "DigestSchedule");
        assertThat(scheduled.get("DigestSchedule").path("ScheduleExpression").asText()).isEqualTo(DIGEST_CRON);
        assertThat(phoenixTimes(scheduled.get("DigestRetrySchedule").path("ScheduleExpression").asText()))
                .as("retries resume a failed day the same morning, after 06:30 Phoenix")
                .isNotEmpty().allSatisfy(t -> assertThat(t).isAfter(LocalTime.of(6, 30)).isBefore(LocalTime.of(9, 0)));
        for (JsonNode rule : scheduled.values()) {
            assertThat(rule.path("State").asText()).isEqualTo("ENABLED");
            JsonNode target = rule.path("Targets").get(0);
            assertThat(target.path("Arn").path("Fn::GetAtt").get(0).asText()).isEqualTo("Cluster");
            assertThat(target.path("EcsParameters").path("TaskDefinitionArn").path("Ref").asText()).isEqualTo("DigestTaskDefinition");
            assertThat(target.path("EcsParameters").path("LaunchType").asText()).isEqualTo("FARGATE");
            assertThat(target.path("EcsParameters").path("TaskCount").asInt()).isEqualTo(1);
            assertThat(target.path("RoleArn").path("Fn::GetAtt").get(0).asText()).isEqualTo("EventsRunTaskRole");
        }

        // autoscaling: the run service's desired count, on the consumer group's lag on news.articles
        JsonNode scalable = resources.path("RunScalableTarget").path("Properties");
        assertThat(scalable.path("ScalableDimension").asText()).isEqualTo("ecs:service:DesiredCount");
        assertThat(scalable.path("ResourceId").path("Fn::Sub").asText()).isEqualTo("service/${Cluster}/${RunService.Name}");
        JsonNode parameters = template.path("Parameters");
        int min = parameters.path("RunMinCount").path("Default").asInt();
        int max = parameters.path("RunMaxCount").path("Default").asInt();
        int partitions = parameters.path("Partitions").path("Default").asInt();
        assertThat(min).isBetween(1, max);
        assertThat(max).as("more tasks than partitions would idle").isLessThanOrEqualTo(partitions);
        assertThat(partitions).as("the CLI's default --partitions").isEqualTo(
                Integer.parseInt(Main.commandLine(Map.of()).getSubcommands().get("topics").getCommandSpec().findOption("--partitions").defaultValue()));
        for (String[] policyAndAlarm : new String[][]{{"RunScaleOutPolicy", "LagHighAlarm"}, {"RunScaleInPolicy", "LagLowAlarm"}}) {
            JsonNode policy = resources.path(policyAndAlarm[0]).path("Properties");
            assertThat(policy.path("ScalingTargetId").path("Ref").asText()).isEqualTo("RunScalableTarget");
            JsonNode alarm = resources.path(policyAndAlarm[1]).path("Properties");
            assertThat(alarm.path("Namespace").asText()).isEqualTo("AWS/Kafka");
            assertThat(alarm.path("MetricName").asText()).isEqualTo("SumOffsetLag");
            assertThat(alarm.path("AlarmActions").get(0).path("Ref").asText()).isEqualTo(policyAndAlarm[0]);
        }
        assertThat(lagDimension(template, "Topic")).isEqualTo("${TopicPrefix}" + Topics.withPrefix("").articles().name());
        assertThat(resources.path("LagHighAlarm").path("Properties").path("Dimensions").findValuesAsText("Name"))
                .containsExactlyInAnyOrder("Cluster Name", "Consumer Group", "Topic");

        // the execution role may read exactly the secrets the task definitions use
        Set<String> secretParameters = new TreeSet<>();
        for (String task : TASKS) {
            nameValues(taskDefinition(task).path("containerDefinitions").get(0).path("secrets"), "valueFrom").values()
                    .forEach(v -> subVariables(v).forEach(secretParameters::add));
        }
        JsonNode statements = resources.path("ExecutionRole").path("Properties").path("Policies").get(0).path("PolicyDocument").path("Statement");
        Set<String> readable = new TreeSet<>();
        statements.forEach(s -> {
            if (s.path("Action").asText().equals("secretsmanager:GetSecretValue")) {
                s.path("Resource").forEach(r -> readable.add(r.path("Ref").asText()));
            }
        });
        assertThat(readable).isEqualTo(secretParameters);
        assertThat(resources.path("TaskRole").path("Properties").has("Policies")).as("the app calls no AWS API").isFalse();
    }

    /** The log metric filters count lines of loggers that exist, so a rename cannot silently zero an alarm. */
    @Test
    void logMetricFiltersNameRealLoggers() throws ClassNotFoundException {
        JsonNode resources = template().path("Resources");
        Pattern logger = Pattern.compile("\\$\\.logger_name = \"([^\"]+)\"");
        int filters = 0;
        for (Map.Entry<String, JsonNode> resource : resources.properties()) {
            JsonNode r = resource.getValue();
            if (!r.path("Type").asText().equals("AWS::Logs::MetricFilter")) {
                continue;
            }
            filters++;
            String pattern = r.path("Properties").path("FilterPattern").asText();
            assertThat(pattern).startsWith("{").endsWith("}");
            Matcher m = logger.matcher(pattern);
            while (m.find()) {
                Class.forName(m.group(1), false, getClass().getClassLoader());
            }
        }
        assertThat(filters).isGreaterThanOrEqualTo(3);
    }

    /** task-definitions/*.json are the template's task definitions, placeholder for placeholder. */
    @TestFactory
    Stream<DynamicTest> taskDefinitionFilesMatchTheTemplate() {
        JsonNode resources = template().path("Resources");
        Set<String> parameters = names(template().path("Parameters"));
        return TASKS.stream().map(task -> DynamicTest.dynamicTest(task, () -> {
            String logical = Character.toUpperCase(task.charAt(0)) + task.substring(1) + "TaskDefinition";
            JsonNode fromTemplate = toApiForm(resources.path(logical).path("Properties"), false);
            JsonNode file = taskDefinition(task);
            assertThat(file).as("deploy/ecs/task-definitions/%s.json vs %s in cloudformation.json", task, logical)
                    .isEqualTo(fromTemplate);
            Set<String> placeholders = new TreeSet<>();
            walk(file, task, (path, node) -> node.forEach(v -> {
                if (v.isTextual()) {
                    placeholders.addAll(subVariables(v.asText()));
                }
            }));
            placeholders.removeAll(parameters);
            assertThat(placeholders).as("placeholders that are not parameters")
                    .isSubsetOf("AwsStackName", "AwsRegion", "ExecutionRoleArn", "TaskRoleArn", "LogGroup");
        }));
    }

    // ---- the schedule ----------------------------------------------------------------------------------------------

    @Test
    void digestCronIs0630PhoenixEveryDayOfTheYear() {
        Matcher m = Pattern.compile("cron\\((\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+)\\)").matcher(DIGEST_CRON);
        assertThat(m.matches()).isTrue();
        assertThat(List.of(m.group(3), m.group(4), m.group(5), m.group(6))).as("every day, every month, every year")
                .containsExactly("*", "*", "?", "*");
        LocalTime utc = LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
        assertThat(DailySchedule.DIGEST.time()).isEqualTo(LocalTime.of(6, 30));
        assertThat(DailySchedule.DIGEST.zone()).isEqualTo(ZoneId.of("America/Phoenix"));
        for (int year : new int[]{2026, 2027, 2028}) {
            for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
                ZonedDateTime fire = ZonedDateTime.of(day, utc, ZoneOffset.UTC);
                ZonedDateTime local = fire.withZoneSameInstant(DailySchedule.DIGEST.zone());
                assertThat(local.toLocalTime()).as("%s", day).isEqualTo(DailySchedule.DIGEST.time());
                assertThat(fire.toInstant()).as("%s", day).isEqualTo(DailySchedule.DIGEST.on(day));
                assertThat(DailySchedule.DIGEST.dateOf(fire.toInstant())).as("the digest's date without --date").isEqualTo(day);
            }
        }
        // the check has teeth: a zone with daylight saving time does not keep 13:30 UTC at 06:30 all year
        Set<LocalTime> denver = new HashSet<>();
        for (LocalDate day = LocalDate.of(2026, 1, 1); day.getYear() == 2026; day = day.plusDays(1)) {
            denver.add(ZonedDateTime.of(day, utc, ZoneOffset.UTC).withZoneSameInstant(ZoneId.of("America/Denver")).toLocalTime());
        }
        assertThat(denver).hasSize(2);
    }

    /** The America/Phoenix times of a daily EventBridge cron (minute list and hour in UTC, every day). */
    private static List<LocalTime> phoenixTimes(String cron) {
        Matcher m = Pattern.compile("cron\\(([0-9,]+) ([0-9]+) \\* \\* \\? \\*\\)").matcher(cron);
        assertThat(m.matches()).as("a daily cron: " + cron).isTrue();
        List<LocalTime> out = new ArrayList<>();
        for (String minute : m.group(1).split(",")) {
            for (LocalDate day = LocalDate.of(2026, 1, 1); day.getYear() == 2026; day = day.plusDays(1)) {
                LocalTime local = ZonedDateTime.of(day, LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(minute)), ZoneOffset.UTC)
                        .withZoneSameInstant(DailySchedule.DIGEST.zone()).toLocalTime();
                if (day.getDayOfYear() == 1) {
                    out.add(local);
                } else {
                    assertThat(local).as("%s on %s", cron, day).isEqualTo(out.getLast());
                }
            }
        }
        return out;
    }

    // ---- the Dockerfile --------------------------------------------------------------------------------------------

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

    // ---- the health check ------------------------------------------------------------------------------------------

    @Test
    void healthCheckScriptPassesOn200AndFailsOn503404AndClosedPorts() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/ready", ex -> respond(ex, 200, "READY RUNNING\n"));
        server.createContext("/rebalancing", ex -> respond(ex, 503, "NOT_READY REBALANCING\n"));
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            String script = deployDir().resolve("healthcheck.sh").toString();
            assertThat(exec(List.of("bash", script, "--port", port, "--path", "/ready"), Map.of(), Duration.ofSeconds(20)).code()).isZero();
            Proc notReady = exec(List.of("bash", script, "--port", port, "--path", "/rebalancing"), Map.of(), Duration.ofSeconds(20));
            assertThat(notReady.code()).isEqualTo(1);
            assertThat(notReady.err()).contains("503");
            assertThat(exec(List.of("bash", script, "--port", port, "--path", "/nothing-here"), Map.of(), Duration.ofSeconds(20)).code()).isEqualTo(1);
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Proc refused = exec(List.of("bash", script, "--port", String.valueOf(closed), "--path", "/ready"), Map.of(), Duration.ofSeconds(20));
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("no answer");
            assertThat(exec(List.of("bash", script, "--bogus"), Map.of(), Duration.ofSeconds(20)).code()).isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    /** Every alarm, metric filter and scaling policy of the template is explained in the runbook. */
    @Test
    void runbookExplainsEveryAlarmAndTheDeployCommands() {
        String runbook = read(repositoryRoot().resolve("docs/OPERATIONS.md"));
        JsonNode resources = template().path("Resources");
        resources.properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            JsonNode p = e.getValue().path("Properties");
            if (type.equals("AWS::CloudWatch::Alarm")) {
                String name = p.path("AlarmName").path("Fn::Sub").asText().replace("${AWS::StackName}-", "");
                assertThat(runbook).as("alarm " + name).contains("`" + name + "`");
            } else if (type.equals("AWS::Logs::MetricFilter")) {
                assertThat(runbook).as("metric " + e.getKey()).contains(p.path("MetricTransformations").get(0).path("MetricName").asText());
            }
        });
        assertThat(runbook).contains("deploy/ecs/Dockerfile", "deploy/ecs/cloudformation.json", "aws cloudformation deploy",
                "aws ecs run-task", DIGEST_CRON, "--shadow-model", "--model-fallback", "force-new-deployment");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

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

    private static JsonNode template() {
        return readJson(deployDir().resolve("cloudformation.json"));
    }

    private static JsonNode taskDefinition(String task) {
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

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** The variables a command reads: one per long option (EnvironmentDefaults), the passwords, the globals. */
    private static Set<String> knownVariables(CommandSpec spec) {
        Set<String> known = new TreeSet<>(GLOBAL_VARIABLES);
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp() || !option.longestName().startsWith("--")) {
                continue;
            }
            known.add(EnvironmentDefaults.variableFor(option.longestName()));
        }
        if (spec.findOption("--database-url") != null) {
            known.add("DATABASE_PASSWORD");
        }
        if (spec.findOption("--smtp-user") != null) {
            known.add("SMTP_PASSWORD");
        }
        return known;
    }

    private static Set<String> kafkaConfigNames() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        names.addAll(StreamsConfig.configDef().names());
        return names;
    }

    /** The environment ECS gives the container, with the template's defaults (or checked examples) for ${Parameters}. */
    private static Map<String, String> containerEnvironment(JsonNode container, JsonNode template) {
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

    private static String lagDimension(JsonNode template, String name) {
        for (JsonNode d : template.path("Resources").path("LagHighAlarm").path("Properties").path("Dimensions")) {
            if (d.path("Name").asText().equals(name)) {
                JsonNode v = d.path("Value");
                return v.isTextual() ? v.asText() : toApiForm(v, false).asText();
            }
        }
        throw new AssertionError("no dimension " + name);
    }

    private static List<String> healthCheck(JsonNode container) {
        List<String> command = texts(container.path("healthCheck").path("command"));
        return command.size() > 2 ? command.subList(2, command.size()) : List.of();
    }

    private static List<Integer> containerPorts(JsonNode container) {
        List<Integer> ports = new ArrayList<>();
        container.path("portMappings").forEach(p -> ports.add(p.path("containerPort").asInt()));
        return ports;
    }

    private static Map<String, String> nameValues(JsonNode array, String valueField) {
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

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private interface Visitor {
        void visit(String path, JsonNode node);
    }

    private static void walk(JsonNode node, String path, Visitor visitor) {
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

    private static Set<Integer> range(int from, int to, int step) {
        Set<Integer> out = new HashSet<>();
        for (int v = from; v <= to; v += step) {
            out.add(v);
        }
        return out;
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
