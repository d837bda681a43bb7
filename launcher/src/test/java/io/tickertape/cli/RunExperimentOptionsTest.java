package io.tickertape.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `run`'s experiment, strategy and rollback options are checked before anything starts: one line, exit 2. */
class RunExperimentOptionsTest {

    private record Run(int code, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine(Map.of());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void badExperimentAndRollbackSettingsAreOneLineUsageErrors() {
        String[][] cases = {
                {"run", "--arms", "a=fusion"},
                {"run", "--experiment", "e"},
                {"run", "--experiment", "e", "--arms", "a=fusion@challenger,b=fusion"},
                {"run", "--experiment", "e", "--arms", "a=magic"},
                {"run", "--scorer", "technical", "--experiment", "e", "--arms", "a=fusion"},
                {"run", "--scorer", "technical", "--strategy", "trend-confirmed"},
                {"run", "--strategy", "astrology"},
                {"run", "--scorer", "crystal-ball"},
        };
        String[] expected = {
                "--arms needs --experiment NAME",
                "--experiment needs --arms",
                "an arm decides @challenger: give the challenger model with --shadow-model DIR",
                "arm a: unknown strategy 'magic'",
                "--scorer TECHNICAL decides by technicals alone; it cannot run --experiment",
                "--scorer TECHNICAL uses the technical-only strategy, not --strategy trend-confirmed",
                "unknown strategy 'astrology'",
                "crystal-ball",
        };
        for (int i = 0; i < cases.length; i++) {
            Run r = run(cases[i]);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err().strip()).as(String.join(" ", cases[i])).doesNotContain("\n").contains(expected[i])
                    .doesNotContain("Exception");
        }
    }
}
