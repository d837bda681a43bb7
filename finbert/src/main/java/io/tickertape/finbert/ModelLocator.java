package io.tickertape.finbert;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the default model directory:
 * <ol>
 *   <li>{@code TICKERTAPE_MODEL_DIR} environment variable, or the {@code tickertape.model.dir} system property;</li>
 *   <li>{@code <tickertape.home>/finbert/model} ({@code tickertape.home} is set by {@code bin/tickertape});</li>
 *   <li>{@code finbert/model} relative to the working directory or one of its parents (at most 8 levels up).</li>
 * </ol>
 */
public final class ModelLocator {
    static final String ENV = "TICKERTAPE_MODEL_DIR";
    static final String PROP = "tickertape.model.dir";
    static final String HOME_PROP = "tickertape.home";
    static final Path RELATIVE = Path.of("finbert", "model");
    private static final int MAX_PARENTS = 8;

    private ModelLocator() {}

    public static Path defaultModelDir() {
        return defaultModelDir(System.getenv());
    }

    /** As {@link #defaultModelDir()}, reading {@code TICKERTAPE_MODEL_DIR} from {@code env} (e.g. a CLI's). */
    public static Path defaultModelDir(java.util.Map<String, String> env) {
        return resolve(env.get(ENV), System.getProperty(PROP), System.getProperty(HOME_PROP),
                Path.of("").toAbsolutePath());
    }

    static Path resolve(String env, String prop, String home, Path workingDir) {
        if (env != null && !env.isBlank()) {
            return Path.of(env.trim());
        }
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop.trim());
        }
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home.trim()).resolve(RELATIVE);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        Path dir = workingDir;
        for (int i = 0; i <= MAX_PARENTS && dir != null; i++, dir = dir.getParent()) {
            Path p = dir.resolve(RELATIVE);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        // Not found: return the conventional location so the load error names it.
        return workingDir.resolve(RELATIVE);
    }
}
