package io.tickertape.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineContractTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run(Map.of(), "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Commands:", "migrate", "topics");
        for (var sub : Main.commandLine(Map.of()).getSubcommands().keySet()) {
            Run help = run(Map.of(), sub, "--help");
            assertThat(help.code()).as(sub + " --help").isZero();
            assertThat(help.out()).as(sub + " --help").contains("Usage: tickertape " + sub);
        }
    }

    @Test
    void unknownOptionIsAOneLineErrorWithExitCode2() {
        Run r = run(Map.of(), "--no-such-flag");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("Unknown option: '--no-such-flag'");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownCommandIsAOneLineErrorWithExitCode2EvenWithHelp() {
        for (String[] args : new String[][] {{"no-such-command"}, {"no-such-command", "--help"}}) {
            Run r = run(Map.of(), args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n").contains("'no-such-command'");
            assertThat(r.out()).doesNotContain("Usage:");
        }
    }

    @Test
    void withoutADatabaseUrlRunDigestAndMigrateRefuseTheEmbeddedDatabaseUnlessAsked() {
        for (String[] args : new String[][] {{"run"}, {"digest", "--dry-run"}, {"migrate"}}) {
            Run r = run(Map.of(), args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip()).doesNotContain("\n")
                    .contains("no database: set DATABASE_URL (--database-url), or pass --embedded-database");
        }
        Run both = run(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/x"), "migrate", "--embedded-database");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--embedded-database and --database-url exclude each other");
    }

    @Test
    void badValueIsAOneLineErrorWithExitCode2() {
        Run r = run(Map.of(), "topics", "--partitions", "many");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--partitions");
    }

    @Test
    void environmentVariablesSetOptionsAndTheCommandLineWins() {
        Run fromEnv = run(Map.of("TICKERTAPE_TOPIC_PREFIX", "prod."), "topics");
        assertThat(fromEnv.code()).isZero();
        assertThat(fromEnv.out()).contains("{\"topic\":\"prod.news.articles\"}", "{\"topic\":\"prod.news.dlq\"}");
        assertThat(EnvironmentDefaults.variableFor("--topic-prefix")).isEqualTo("TICKERTAPE_TOPIC_PREFIX");
        assertThat(EnvironmentDefaults.variableFor("--database-url")).isEqualTo("DATABASE_URL");

        KafkaOptions opts = new KafkaOptions();
        CommandLine cl = new CommandLine(opts);
        cl.setDefaultValueProvider(new EnvironmentDefaults(Map.of("TICKERTAPE_TOPIC_PREFIX", "staging.",
                "KAFKA_BOOTSTRAP_SERVERS", "b1:9092", "TICKERTAPE_PARTITIONS", "8")));
        cl.parseArgs();
        assertThat(opts.topics().articles().name()).isEqualTo("staging.news.articles");
        assertThat(opts.partitions()).isEqualTo(8);
        assertThat(opts.clientProperties(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b1:9092")).getProperty("bootstrap.servers"))
                .isEqualTo("b1:9092");

        KafkaOptions explicit = new KafkaOptions();
        CommandLine cl2 = new CommandLine(explicit);
        cl2.setDefaultValueProvider(new EnvironmentDefaults(Map.of("TICKERTAPE_TOPIC_PREFIX", "staging.")));
        cl2.parseArgs("--topic-prefix", "cli.", "--bootstrap-servers", "b2:9092");
        assertThat(explicit.topics().articles().name()).isEqualTo("cli.news.articles");
        assertThat(explicit.clientProperties(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b1:9092")).getProperty("bootstrap.servers"))
                .isEqualTo("b2:9092");
    }
}
