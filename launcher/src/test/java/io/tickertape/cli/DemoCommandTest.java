package io.tickertape.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tickertape demo} end to end (local KRaft broker, embedded PostgreSQL, the shipped model, the sample feeds):
 * sentiment is scored toward each company, so a sample article naming two companies with opposite news yields a
 * SELL for one and a BUY for the other.
 */
class DemoCommandTest {

    private static final Path SHIPPED = Path.of("..", "finbert", "model").toAbsolutePath().normalize();
    /** "SELL PEP    Pepsico Inc   score ... "headline"" as {@link DemoCommand#describe} prints it. */
    private static final Pattern SIGNAL = Pattern.compile("^(BUY|SELL)\\s+(\\S+)\\s.*\"(.*)\"$");

    private record Line(String direction, String ticker, String headline) {}

    @Test
    void aTwoCompanyArticleGivesOppositeSignals(@TempDir Path dir) throws Exception {
        CommandLine cli = Main.commandLine(Map.of());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        int code = cli.execute("demo", "--out", dir.toString(), "--model", SHIPPED.toString());

        assertThat(code).as(out.toString()).isZero();
        List<Line> signals = out.toString().lines().map(SIGNAL::matcher).filter(Matcher::matches)
                .map(m -> new Line(m.group(1), m.group(2), m.group(3))).toList();
        String pepsiCo = "PepsiCo cuts forecast as Coca-Cola gains share in soft drinks";
        assertThat(signals).as(out.toString())
                .contains(new Line("SELL", "PEP", pepsiCo), new Line("BUY", "KO", pepsiCo));
        assertThat(signals).as("one call per ticker").extracting(Line::ticker).doesNotHaveDuplicates();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("digest-") && n.endsWith(".eml"));
        }
    }
}
