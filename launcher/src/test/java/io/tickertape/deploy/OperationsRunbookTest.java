package io.tickertape.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickertape.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tickertape.deploy.DeployFiles.DIGEST_CRON;
import static io.tickertape.deploy.DeployFiles.JSON;
import static io.tickertape.deploy.DeployFiles.TASKS;
import static io.tickertape.deploy.DeployFiles.containerEnvironment;
import static io.tickertape.deploy.DeployFiles.read;
import static io.tickertape.deploy.DeployFiles.repositoryRoot;
import static io.tickertape.deploy.DeployFiles.taskDefinition;
import static io.tickertape.deploy.DeployFiles.template;
import static io.tickertape.deploy.DeployFiles.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/OPERATIONS.md, the runbook of the deployment: its command overrides parse in the environment of their task, and
 * it explains every alarm and metric of the template and the deploy commands.
 */
class OperationsRunbookTest {

    /** Every command override in the runbook ({@code "command":[...]}) parses in the environment of its task. */
    @Test
    void commandOverridesInTheRunbookParse() throws IOException {
        String runbook = read(repositoryRoot().resolve("docs/OPERATIONS.md"));
        // the container (= task) named in the override; a command may run another subcommand there (feeds in ingest)
        Matcher m = Pattern.compile("(?:\"name\":\"(\\w+)\",)?(\"command\":\\[[^\\]]*])").matcher(runbook);
        List<List<String>> commands = new ArrayList<>();
        Map<List<String>, String> containers = new java.util.HashMap<>();
        while (m.find()) {
            List<String> command = texts(JSON.readTree("{" + m.group(2) + "}").path("command"));
            commands.add(command);
            if (m.group(1) != null) {
                containers.put(command, m.group(1));
            }
        }
        commands.add(List.of("replay", "--to-datetime", "2026-11-20T23:00:00-07:00", "--dry-run"));
        commands.add(List.of("replay", "--to-earliest"));
        assertThat(commands).as("the runbook's overrides").anySatisfy(c -> assertThat(c).contains("replay", "--dry-run"))
                .anySatisfy(c -> assertThat(c).contains("replay").doesNotContain("--dry-run"));
        for (List<String> command : commands) {
            String task = containers.getOrDefault(command, command.getFirst());
            assertThat(TASKS).as("a task for " + command).contains(task);
            Map<String, String> env = containerEnvironment(taskDefinition(task).path("containerDefinitions").get(0), template());
            try {
                ParseResult parsed = Main.commandLine(env).parseArgs(command.toArray(String[]::new));
                assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(command.getFirst());
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError("runbook override " + command + ": " + e.getMessage(), e);
            }
        }
        assertThat(runbook).contains("--force", "Exit code 3");
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
}
