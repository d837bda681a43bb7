package io.tickertape.digest;

import io.tickertape.digest.testing.SignalFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the digest HTML in headless Chromium (Debian packages chromium, chromium-driver) to a PNG and checks it
 * is not blank. Skipped, with a message, where Chromium is not installed. The preview and screenshot stay in
 * {@code target/digest-preview/} for a human look; {@code scripts/render-preview.sh} does the same by hand.
 */
class ChromiumRenderTest {

    private static String chromium() {
        for (String candidate : new String[]{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void theDigestRendersInChromiumToAPageThatIsNotBlank() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "headless Chromium not installed (apt-get install chromium chromium-driver): rendering check skipped");
        Path out = Path.of("target", "digest-preview").toAbsolutePath();
        DigestPreview.Files files = DigestPreview.write(SignalFixtures.signals(12, Instant.now(), 21),
                SignalFixtures.priceHistory(), out);
        Path png = out.resolve("digest-screenshot.png");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("chromium-profile");

        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=800,2400",
                "--screenshot=" + png, files.html().toUri().toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) { // a wedged browser must not hang the build
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s; see " + out.resolve("chromium.log"));
        }
        assertThat(png).as("screenshot written; chromium log: " + out.resolve("chromium.log")).exists();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        long nonWhite = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        double coverage = (double) nonWhite / ((long) image.getWidth() * image.getHeight());
        assertThat(colours.size()).as("distinct colours (text, badges, charts)").isGreaterThan(200);
        assertThat(coverage).as("share of non-white pixels").isGreaterThan(0.2);
        // The dark header band at the top is drawn: the page really is the digest, not an error page.
        int header = image.getRGB(400, 60) & 0xFFFFFF;
        assertThat(header).as("header colour").isEqualTo(0x111827);
    }
}
