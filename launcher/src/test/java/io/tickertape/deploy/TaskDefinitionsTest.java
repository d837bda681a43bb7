package io.tickertape.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickertape.cli.EnvironmentDefaults;
import io.tickertape.cli.Main;
import io.tickertape.topology.config.KafkaEnvironment;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.tickertape.deploy.DeployFiles.TASKS;
import static io.tickertape.deploy.DeployFiles.containerEnvironment;
import static io.tickertape.deploy.DeployFiles.lagDimension;
import static io.tickertape.deploy.DeployFiles.nameValues;
import static io.tickertape.deploy.DeployFiles.names;
import static io.tickertape.deploy.DeployFiles.subVariables;
import static io.tickertape.deploy.DeployFiles.taskDefinition;
import static io.tickertape.deploy.DeployFiles.template;
import static io.tickertape.deploy.DeployFiles.texts;
import static io.tickertape.deploy.DeployFiles.toApiForm;
import static io.tickertape.deploy.DeployFiles.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * deploy/ecs/task-definitions/*.json against the application itself: each has the fields Fargate needs; every
 * environment variable and secret name is a configuration key of the command the container runs (derived from the
 * real picocli model); every {@code command} array parses with the real command line (options and environment values
 * both); and each file is the CloudFormation template's task definition, placeholder for placeholder.
 */
class TaskDefinitionsTest {

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

    private static List<String> healthCheck(JsonNode container) {
        List<String> command = texts(container.path("healthCheck").path("command"));
        return command.size() > 2 ? command.subList(2, command.size()) : List.of();
    }

    private static List<Integer> containerPorts(JsonNode container) {
        List<Integer> ports = new ArrayList<>();
        container.path("portMappings").forEach(p -> ports.add(p.path("containerPort").asInt()));
        return ports;
    }

    private static Set<Integer> range(int from, int to, int step) {
        Set<Integer> out = new HashSet<>();
        for (int v = from; v <= to; v += step) {
            out.add(v);
        }
        return out;
    }
}
