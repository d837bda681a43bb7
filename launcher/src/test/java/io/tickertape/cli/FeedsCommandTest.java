package io.tickertape.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tickertape feeds} and shared {@code ingest}: bad input is one line and exit 2, before anything connects to
 * Kafka (no broker runs here). Against a broker: {@code IngestFailoverTest}.
 */
class FeedsCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine(Map.of());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static void oneLineUsageError(Run r, String... contains) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains(contains);
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void badInputIsOneLineAndExit2BeforeConnecting(@TempDir Path dir) throws Exception {
        String nowhere = "--bootstrap-servers=127.0.0.1:1";
        oneLineUsageError(run("feeds", "add", "ftp://example.com/feed.xml", nowhere), "http(s) URL or a file");
        oneLineUsageError(run("feeds", "add", "https://example.com/feed.xml", "--interval", "often", nowhere), "not a duration: 'often'");
        oneLineUsageError(run("feeds", "add", "https://example.com/feed.xml", "--name", "bad name!", nowhere), "feed name must be");
        oneLineUsageError(run("feeds", "add", "https://example.com/feed.xml", "--ticker", "$$$", nowhere), "not a ticker");
        oneLineUsageError(run("feeds", "import", dir.resolve("missing.yaml").toString(), nowhere), "no such file");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "feeds:\n  - {name: a, url: \"https://example.com/a\", intervall: 5m}\n");
        oneLineUsageError(run("feeds", "import", typo.toString(), nowhere), "unknown key 'intervall'");
        oneLineUsageError(run("feeds", "remove", nowhere), "Missing required parameter");
        oneLineUsageError(run("ingest", "--feeds-file", dir.resolve("missing.yaml").toString(), nowhere), "no such file");
        oneLineUsageError(run("ingest", "--session-timeout", "1s", nowhere), "--session-timeout", "6s..5m");
    }

    @Test
    void feedsWithoutASubcommandPrintsItsUsage() {
        Run r = run("feeds");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("add", "remove", "list", "import");
    }
}
