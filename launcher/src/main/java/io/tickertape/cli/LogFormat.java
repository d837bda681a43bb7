package io.tickertape.cli;

import java.io.Console;
import java.util.Locale;
import java.util.Map;

/**
 * The format of the logs on stderr, chosen before logback starts (logback.xml reads {@link #PROPERTY}): JSON when
 * stderr is not a terminal (ECS, CI, a file), one readable line per event on a terminal. {@code --log-format} on
 * any command, else {@code TICKERTAPE_LOG_FORMAT}, overrides; {@code auto} is the default.
 */
public enum LogFormat {
    AUTO, JSON, TEXT;

    /** The system property logback.xml picks its appender by: {@code json} or {@code text}. */
    public static final String PROPERTY = "tickertape.log.format";
    /** Set by bin/tickertape ({@code [ -t 2 ]}): whether stderr is a terminal, which the JVM cannot tell. */
    public static final String STDERR_TERMINAL_PROPERTY = "tickertape.stderr.terminal";
    static final String OPTION = "--log-format";

    /**
     * The appender for this command line: {@code json} or {@code text}. A value that is not a format is left to the
     * command line to reject (a usage error); the logs meanwhile follow the terminal.
     */
    static String choose(Map<String, String> env, String[] args, boolean stderrIsTerminal) {
        LogFormat format = parse(fromArgs(args));
        if (format == null) {
            format = parse(env.get(EnvironmentDefaults.variableFor(OPTION)));
        }
        if (format == null || format == AUTO) {
            return stderrIsTerminal ? "text" : "json";
        }
        return format.name().toLowerCase(Locale.ROOT);
    }

    /** Sets {@link #PROPERTY} for this JVM. Must run before the first logger is created. */
    static void configure(Map<String, String> env, String[] args) {
        System.setProperty(PROPERTY, choose(env, args, stderrIsTerminal()));
    }

    static boolean stderrIsTerminal() {
        String told = System.getProperty(STDERR_TERMINAL_PROPERTY);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        Console console = System.console(); // started without bin/tickertape: a terminal on stdin and stdout
        return console != null && console.isTerminal();
    }

    private static String fromArgs(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                value = args[++i];
            } else if (args[i].startsWith(OPTION + "=")) {
                value = args[i].substring(OPTION.length() + 1);
            }
        }
        return value;
    }

    private static LogFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
