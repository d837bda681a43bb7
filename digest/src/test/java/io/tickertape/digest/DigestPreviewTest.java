package io.tickertape.digest;

import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.signals.fusion.Signal;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DigestPreviewTest {

    @Test
    void aPreviewWritesTheExactMessageAndABrowsableHtmlWithItsCharts(@TempDir Path out) throws Exception {
        List<Signal> signals = SignalFixtures.signals(8, Instant.now(), 3);
        DigestPreview.Files files = DigestPreview.write(signals, SignalFixtures.priceHistory(), out);

        assertThat(files.signalsShown()).isEqualTo(8);
        assertThat(files.images()).hasSize(8).allSatisfy(p -> assertThat(p).exists());
        try (InputStream in = Files.newInputStream(files.eml())) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(m.getContentType()).startsWith("multipart/related");
            assertThat(MailFixtures.parts(m.getContent())).hasSize(1 + 8);
            assertThat(m.getHeader("Message-ID")[0]).startsWith("<digest.");
        }
        String html = Files.readString(files.html());
        assertThat(html).doesNotContain("cid:");
        Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (src.find()) {
            assertThat(out.resolve(src.group(1))).exists();
            images++;
        }
        assertThat(images).isEqualTo(8);
        assertThat(Files.readString(files.text())).contains("1. ").contains("Entry ");
    }
}
