package io.tickertape.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's logs: every event goes to a file ({@code DIR/demo.log}) in the readable one-line format, and the console
 * appenders configured in logback.xml let only ERRORs through, so the terminal shows the demo's own progress and
 * results; {@code verbose} leaves the console as it is. Closing undoes both. Only logback's own API: a
 * {@link FileAppender} on the root logger and a {@link ThresholdFilter} on the appenders that were there before.
 */
final class DemoLog implements AutoCloseable {

    /** The console's threshold without --verbose: a failure still shows, INFO and WARN go only to the file. */
    static final Level QUIET_CONSOLE = Level.ERROR;
    /** The context property logback.xml defines the text appender's pattern in. */
    static final String TEXT_PATTERN_PROPERTY = "TEXT_PATTERN";
    /** Without logback.xml's property (the tests' logback-test.xml): the same pattern. */
    static final String FALLBACK_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

    private final ch.qos.logback.classic.Logger root;
    private final FileAppender<ILoggingEvent> file;
    private final List<Appender<ILoggingEvent>> quieted = new ArrayList<>();
    private final ThresholdFilter threshold;

    private DemoLog(ch.qos.logback.classic.Logger root, FileAppender<ILoggingEvent> file, ThresholdFilter threshold) {
        this.root = root;
        this.file = file;
        this.threshold = threshold;
    }

    /**
     * Adds {@code logFile} (truncated) to the root logger and, unless {@code verbose}, raises the other root appenders
     * to {@link #QUIET_CONSOLE}. Without logback (another SLF4J binding) nothing changes.
     */
    static DemoLog divert(Path logFile, boolean verbose) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return new DemoLog(null, null, null);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        String pattern = context.getProperty(TEXT_PATTERN_PROPERTY);
        encoder.setPattern(pattern == null ? FALLBACK_PATTERN : pattern);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("demo-log");
        file.setFile(logFile.toAbsolutePath().toString());
        file.setAppend(false);
        file.setEncoder(encoder);
        file.start();
        if (!file.isStarted()) {
            throw new IllegalStateException("cannot write the demo's log to " + logFile);
        }

        ThresholdFilter threshold = null;
        DemoLog log;
        if (verbose) {
            log = new DemoLog(root, file, null);
        } else {
            threshold = new ThresholdFilter();
            threshold.setContext(context);
            threshold.setLevel(QUIET_CONSOLE.levelStr);
            threshold.start();
            log = new DemoLog(root, file, threshold);
            for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                appender.addFilter(threshold);
                log.quieted.add(appender);
            }
        }
        root.addAppender(file);
        return log;
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        for (Appender<ILoggingEvent> appender : quieted) {
            List<Filter<ILoggingEvent>> others = new ArrayList<>(appender.getCopyOfAttachedFiltersList());
            others.remove(threshold);
            appender.clearAllFilters();
            others.forEach(appender::addFilter);
        }
        quieted.clear();
        root.detachAppender(file);
        file.stop();
    }
}
