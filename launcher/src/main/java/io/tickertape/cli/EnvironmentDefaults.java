package io.tickertape.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;

/**
 * Every long option can be set from the environment, so an ECS task override is enough: {@code --topic-prefix}
 * reads {@code TICKERTAPE_TOPIC_PREFIX}. A few options follow a wider convention instead (the database ones read
 * {@code DATABASE_URL} and {@code DATABASE_USER}). Command-line values win over the environment.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    /** Options whose variable is not simply TICKERTAPE_<OPTION>: shared with other tools (psql, Flyway, 12-factor
     *  platforms), or named after what they hold (--model is a directory: TICKERTAPE_MODEL_DIR). */
    private static final Map<String, String> CONVENTIONAL = Map.of(
            "--database-url", "DATABASE_URL",
            "--database-user", "DATABASE_USER",
            "--model", "TICKERTAPE_MODEL_DIR");

    private final Map<String, String> env;

    public EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    /** The environment variable that sets an option, e.g. {@code --max-price-age} → {@code TICKERTAPE_MAX_PRICE_AGE}. */
    public static String variableFor(String longOption) {
        String conventional = CONVENTIONAL.get(longOption);
        if (conventional != null) {
            return conventional;
        }
        return "TICKERTAPE_" + longOption.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String longest = option.longestName();
        if (!longest.startsWith("--")) {
            return null;
        }
        String value = env.get(variableFor(longest));
        if (value != null && !value.isBlank()) {
            return value;
        }
        return null; // picocli falls back to the annotation's default
    }
}
