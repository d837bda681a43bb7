package io.tickertape.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tickertape.cli.Main;
import io.tickertape.digest.scheduling.DailySchedule;
import io.tickertape.events.topics.Topics;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.tickertape.deploy.DeployFiles.DIGEST_CRON;
import static io.tickertape.deploy.DeployFiles.TASKS;
import static io.tickertape.deploy.DeployFiles.lagDimension;
import static io.tickertape.deploy.DeployFiles.nameValues;
import static io.tickertape.deploy.DeployFiles.names;
import static io.tickertape.deploy.DeployFiles.subVariables;
import static io.tickertape.deploy.DeployFiles.taskDefinition;
import static io.tickertape.deploy.DeployFiles.template;
import static io.tickertape.deploy.DeployFiles.texts;
import static io.tickertape.deploy.DeployFiles.walk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/ecs/cloudformation.json: every reference resolves and every parameter is used; the services, the digest's
 * schedules (06:30 America/Phoenix every day of the year), the autoscaling on consumer lag and the roles are as the
 * application needs them; the log metric filters name loggers that exist.
 */
class CloudFormationTemplateTest {

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
        assertThat(ingest.path("DesiredCount").path("Ref").asText()).isEqualTo("IngestMinCount");
        assertThat(template.path("Parameters").path("IngestMinCount").path("Default").asInt()).as("instances share the feeds: a crash moves them")
                .isGreaterThanOrEqualTo(2);
        assertThat(template.path("Parameters").path("IngestMinCount").path("MinValue").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(ingest.path("DeploymentConfiguration").path("MinimumHealthyPercent").asInt()).as("a deploy never stops every poller")
                .isGreaterThanOrEqualTo(50);
        assertThat(ingest.path("DeploymentConfiguration").path("MaximumPercent").asInt()).as("old and new pollers share the feeds while deploying")
                .isGreaterThanOrEqualTo(200);
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

        // autoscaling: the ingest service's desired count, on poll lag and on feeds per task (from its status log line)
        JsonNode ingestScalable = resources.path("IngestScalableTarget").path("Properties");
        assertThat(ingestScalable.path("ResourceId").path("Fn::Sub").asText()).isEqualTo("service/${Cluster}/${IngestService.Name}");
        assertThat(ingestScalable.path("MinCapacity").path("Ref").asText()).isEqualTo("IngestMinCount");
        assertThat(parameters.path("IngestMaxCount").path("Default").asInt()).as("more pollers than news.feeds partitions would idle")
                .isBetween(parameters.path("IngestMinCount").path("Default").asInt(), partitions);
        Map<String, String> ingestAlarms = Map.of("IngestPollLagHighAlarm", "IngestScaleOutPolicy", "IngestFeedsHighAlarm", "IngestScaleOutPolicy",
                "IngestIdleAlarm", "IngestScaleInPolicy");
        ingestAlarms.forEach((alarm, policy) -> {
            assertThat(resources.path(alarm).path("Properties").path("AlarmActions").get(0).path("Ref").asText()).as(alarm).isEqualTo(policy);
            assertThat(resources.path(policy).path("Properties").path("ScalingTargetId").path("Ref").asText()).isEqualTo("IngestScalableTarget");
        });
        assertThat(resources.path("IngestPollLagHighAlarm").path("Properties").path("MetricName").asText()).isEqualTo("IngestPollLagSeconds");
        assertThat(resources.path("IngestFeedsHighAlarm").path("Properties").path("MetricName").asText()).isEqualTo("IngestFeedsOwned");
        Map<String, String> metricFrom = new TreeMap<>();
        for (String filter : List.of("IngestPollLagFilter", "IngestFeedsOwnedFilter")) {
            JsonNode t = resources.path(filter).path("Properties").path("MetricTransformations").get(0);
            metricFrom.put(t.path("MetricName").asText(), t.path("MetricValue").asText());
        }
        assertThat(metricFrom).containsExactlyInAnyOrderEntriesOf(Map.of("IngestPollLagSeconds", "$.pollLagSeconds", "IngestFeedsOwned", "$.feedsOwned"));

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
}
