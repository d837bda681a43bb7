package io.tickertape.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line of 'tickertape web': help, the database rule shared with run and digest, bad values. */
class WebCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void helpDescribesTheService() {
        Run r = run(Map.of(), "web", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: tickertape web", "--port", "--embedded-database", "--database-url",
                "/api/score", "/unsubscribe", "--rate-limit", "--no-score");
    }

    @Test
    void withoutADatabaseItFailsWithOneLineAndExitCode2() {
        Run r = run(Map.of(), "web", "--no-score");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("no database").contains("--embedded-database");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(run(Map.of(), "web", "--embedded-database", "--port", "0").code()).isEqualTo(2);
        assertThat(run(Map.of(), "web", "--embedded-database", "--rate-limit", "0").code()).isEqualTo(2);
        Run port = run(Map.of(), "web", "--port", "http");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).doesNotContain("\tat ");
    }

    @Test
    void theEnvironmentSetsTheOptions() {
        CommandLine cli = Main.commandLine(Map.of("TICKERTAPE_WEB_PORT", "9123", "TICKERTAPE_RATE_LIMIT", "7"), "web");
        cli.parseArgs("web");
        WebCommand web = cli.getSubcommands().get("web").getCommand();
        assertThat(web.port).isEqualTo(9123);
        assertThat(web.rateLimit).isEqualTo(7);
    }
}
