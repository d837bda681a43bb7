package io.tickertape.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Entry point of {@code bin/tickertape}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        LogFormat.configure(System.getenv(), args); // before anything creates a logger
        System.exit(execute(System.getenv(), args));
    }

    /** Runs one command line with the given environment; returns the exit code. */
    public static int execute(Map<String, String> env, String... args) {
        return commandLine(env, args).execute(args);
    }

    /** The whole command tree (help, docs, tests). */
    public static CommandLine commandLine(Map<String, String> env) {
        return commandLine(env, new String[0]);
    }

    /**
     * The command tree for these arguments: when the first one names a subcommand only that one is built (the
     * others' models would only cost start-up time), otherwise all of them.
     */
    static CommandLine commandLine(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new TickertapeCommand(env));
        String first = args.length > 0 ? args[0] : null;
        List<Class<?>> named = TickertapeCommand.SUBCOMMANDS.stream()
                .filter(c -> c.getAnnotation(CommandLine.Command.class).name().equals(first)).toList();
        for (Class<?> sub : named.isEmpty() ? TickertapeCommand.SUBCOMMANDS : named) {
            cli.addSubcommand(sub);
        }
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(java.time.Duration.class, io.tickertape.ingest.feeds.Durations::parse);
        cli.setParameterExceptionHandler(Main::usageError);
        // picocli skips the unmatched-argument check when --help is also given: "no-such-command --help" must
        // still be a usage error, not the root help with exit 0
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            if (!parseResult.unmatched().isEmpty()) {
                return usageError(new CommandLine.UnmatchedArgumentException(cli, parseResult.unmatched()), args);
            }
            return run.execute(parseResult);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> runtimeError(e, commandLine, env));
        return cli;
    }

    /** Unknown options and bad values: one line, exit 2, no stack trace. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage())
                + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Failures while running: one line (the stack trace only with TICKERTAPE_DEBUG=true). */
    private static int runtimeError(Exception e, CommandLine cmd, Map<String, String> env) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UsageException) {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()));
            err.flush();
            return ExitCodes.USAGE;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + oneLine(message));
        if (Boolean.parseBoolean(env.getOrDefault("TICKERTAPE_DEBUG", "false"))) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String flat = message.replace('\r', ' ').replace('\n', ' ').trim();
        return flat.length() > 500 ? flat.substring(0, 500) + "…" : flat;
    }
}
