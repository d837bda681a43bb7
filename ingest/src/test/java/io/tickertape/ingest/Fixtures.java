package io.tickertape.ingest;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test inputs: our own hostile fixtures (classpath) and the shared real-feed captures (skipped when absent). */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] hostile(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/hostile/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared real feed captures ({@code feeds/} under {@code tickertape.shared.data}); skips the test if absent. */
    public static Path sharedFeeds() {
        String root = System.getProperty("tickertape.shared.data");
        Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root, "feeds")),
                "shared feed captures not found (system property tickertape.shared.data=" + root + "); skipping");
        return Path.of(root, "feeds");
    }

    /** Every real capture, format samples included: *.xml under the feeds folder. */
    public static List<Path> realFeedFiles() {
        try (Stream<Path> files = Files.walk(sharedFeeds(), 2)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
            Assumptions.assumeFalse(list.isEmpty(), "no *.xml in the shared feeds folder; skipping");
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
