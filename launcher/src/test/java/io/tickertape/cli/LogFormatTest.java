package io.tickertape.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFormatTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @Test
    void followsTheTerminalByDefault() {
        assertThat(LogFormat.choose(NO_ENV, new String[]{"demo"}, true)).isEqualTo("text");
        assertThat(LogFormat.choose(NO_ENV, new String[]{"demo"}, false)).isEqualTo("json");
        assertThat(LogFormat.choose(Map.of("TICKERTAPE_LOG_FORMAT", "auto"), new String[]{"run"}, true)).isEqualTo("text");
    }

    @Test
    void theEnvironmentOverridesTheTerminalAndTheOptionOverridesBoth() {
        assertThat(LogFormat.choose(Map.of("TICKERTAPE_LOG_FORMAT", "json"), new String[]{"demo"}, true)).isEqualTo("json");
        assertThat(LogFormat.choose(Map.of("TICKERTAPE_LOG_FORMAT", "TEXT"), new String[]{"run"}, false)).isEqualTo("text");
        assertThat(LogFormat.choose(Map.of("TICKERTAPE_LOG_FORMAT", "json"), new String[]{"demo", "--log-format", "text"}, false))
                .isEqualTo("text");
        assertThat(LogFormat.choose(NO_ENV, new String[]{"--log-format=json", "demo"}, true)).isEqualTo("json");
        // after "--" it is an argument, not the option
        assertThat(LogFormat.choose(NO_ENV, new String[]{"score", "--", "--log-format=json"}, true)).isEqualTo("text");
    }

    @Test
    void aValueThatIsNoFormatLeavesTheTerminalsChoiceAndIsAUsageError() {
        assertThat(LogFormat.choose(Map.of("TICKERTAPE_LOG_FORMAT", "yaml"), new String[]{"demo"}, true)).isEqualTo("text");
        assertThat(LogFormat.choose(NO_ENV, new String[]{"demo", "--log-format", "yaml"}, false)).isEqualTo("json");
        assertThatThrownBy(() -> Main.commandLine(NO_ENV, "topics", "--log-format", "yaml").parseArgs("topics", "--log-format", "yaml"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--log-format");
    }

    @Test
    void everyCommandTakesTheOption() {
        CommandLine root = Main.commandLine(NO_ENV);
        assertThat(root.getCommandSpec().findOption("--log-format")).isNotNull();
        for (CommandLine sub : root.getSubcommands().values()) {
            assertThat(sub.getCommandSpec().findOption("--log-format")).as(sub.getCommandName()).isNotNull();
        }
        CommandLine.ParseResult parsed = Main.commandLine(NO_ENV, "topics").parseArgs("topics", "--log-format", "TEXT");
        assertThat(parsed.subcommand().matchedOptionValue("--log-format", LogFormat.AUTO)).isEqualTo(LogFormat.TEXT);
    }
}
