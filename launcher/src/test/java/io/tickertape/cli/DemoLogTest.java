package io.tickertape.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's logging switch: the full log in DIR/demo.log, on the console only ERRORs unless --verbose. */
class DemoLogTest {

    /** What the demo's run logs today: the topology dump (many lines), a WARN, and a failure. */
    private static final String TOPOLOGY = "topology:\nTopologies:\n   Sub-topology: 0\n    Source: articles-source (topics: [news.articles])";
    private static final String WARNING = "processing.exception.handler.global.enabled is set";
    private static final String FAILURE = "the stream app failed";

    @TempDir
    Path dir;

    private final Logger log = (Logger) LoggerFactory.getLogger("demo-log-test");
    private Logger root;
    private ListAppender<ILoggingEvent> console;

    @BeforeEach
    void attachAConsole() {
        log.setLevel(Level.INFO);
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        console = new ListAppender<>();
        console.setContext(root.getLoggerContext());
        console.setName("test-console");
        console.start();
        root.addAppender(console);
    }

    @AfterEach
    void detachIt() {
        root.detachAppender(console);
        log.setLevel(null);
    }

    private void logWhatTheDemoLogs() {
        log.info(TOPOLOGY);
        log.warn(WARNING);
        log.error(FAILURE);
    }

    private List<String> onTheConsole() {
        return console.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void withoutVerboseTheConsoleShowsOnlyErrorsAndTheFileHasEverything() throws IOException {
        Path file = dir.resolve("demo.log");
        try (DemoLog ignored = DemoLog.divert(file, false)) {
            logWhatTheDemoLogs();
        }
        assertThat(onTheConsole()).containsExactly(FAILURE);
        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(written).contains(TOPOLOGY, "WARN  [", WARNING, "ERROR [", FAILURE, "demo-log-test");
        assertThat(written.lines().filter(l -> l.contains(" INFO  ["))).as("one readable line per event").hasSize(1);
        assertThat(written).as("the text format").containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[");
    }

    @Test
    void verboseLeavesTheConsoleAsItIsAndStillWritesTheFile() throws IOException {
        Path file = dir.resolve("demo.log");
        try (DemoLog ignored = DemoLog.divert(file, true)) {
            logWhatTheDemoLogs();
        }
        assertThat(onTheConsole()).containsExactly(TOPOLOGY, WARNING, FAILURE);
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains(TOPOLOGY, WARNING, FAILURE);
    }

    @Test
    void closingRestoresTheConsoleAndStopsWritingTheFile() throws IOException {
        Path file = dir.resolve("demo.log");
        Files.writeString(file, "a previous run's log\n");
        int appenders = appenderCount();
        try (DemoLog ignored = DemoLog.divert(file, false)) {
            assertThat(appenderCount()).isEqualTo(appenders + 1);
            assertThat(Files.readString(file)).as("each run starts the file afresh").doesNotContain("a previous run's log");
        }
        assertThat(appenderCount()).isEqualTo(appenders);
        assertThat(console.getCopyOfAttachedFiltersList()).isEmpty();
        log.warn("after the demo");
        assertThat(onTheConsole()).containsExactly("after the demo");
        assertThat(Files.readString(file)).doesNotContain("after the demo");
    }

    /** The tests run with a logback-test.xml; the application's logback.xml gives the file its readable format. */
    @Test
    void logbackXmlDefinesTheTextPatternForTheFile() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        try {
            assertThat(context.getProperty(DemoLog.TEXT_PATTERN_PROPERTY)).isEqualTo(DemoLog.FALLBACK_PATTERN);
        } finally {
            context.stop();
        }
    }

    @Test
    void theDemoTakesVerbose() {
        var parsed = Main.commandLine(Map.of(), "demo").parseArgs("demo", "--verbose").subcommand();
        assertThat(parsed.commandSpec().name()).isEqualTo("demo");
        assertThat(parsed.matchedOptionValue("--verbose", false)).isTrue();
        assertThat(Main.commandLine(Map.of(), "demo").parseArgs("demo").subcommand().matchedOptionValue("--verbose", false)).isFalse();
    }

    private int appenderCount() {
        int n = 0;
        for (var it = root.iteratorForAppenders(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }
}
