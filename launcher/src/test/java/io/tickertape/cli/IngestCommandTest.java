package io.tickertape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickertape.ingest.samples.SampleFeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tickertape ingest --once --dry-run}: JSON lines on stdout, one error line per failed feed, exit codes 0/1/2. */
class IngestCommandTest {

    private record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine(Map.of());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void dryRunPrintsOneJsonLinePerArticleAndOneErrorLinePerFailedFeed(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("market-wire.xml");
        Files.writeString(good, SampleFeeds.render(SampleFeeds.ALL.getFirst(), Instant.now()));
        Path html = dir.resolve("login.xml");
        Files.writeString(html, "<!DOCTYPE html><html><head><title>Log in</title></head><body></body></html>");
        Path empty = Files.createFile(dir.resolve("empty.xml"));

        Run r = run("ingest", "--once", "--dry-run", "--feed", good.toString(), html.toString(), empty.toString(),
                dir.resolve("missing.xml").toString());

        assertThat(r.code()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(9); // the market wire sample's items
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode a = json.readTree(line);
            assertThat(a.fieldNames()).toIterable().contains("id", "title", "summary", "link", "source", "published", "tickers");
            assertThat(a.get("source").asText()).isEqualTo("market-wire");
        }
        assertThat(json.readTree(lines.getFirst()).get("title").asText())
                .isEqualTo("Apple shares jump after record iPhone sales beat Wall Street estimates");
        assertThat(r.errLines()).hasSize(3);
        assertThat(r.errLines().get(0)).startsWith("ingest: login (").endsWith("got an HTML page, not a feed (title: \"Log in\")");
        assertThat(r.errLines().get(1)).endsWith("empty body (0 bytes) where a feed was expected");
        assertThat(r.errLines().get(2)).contains("no such file");
    }

    @Test
    void exitsWith1WhenEveryFeedFailsAnd2OnUsageErrors(@TempDir Path dir) {
        Run allFailed = run("ingest", "--once", "--dry-run", "--feed", dir.resolve("missing.xml").toString());
        assertThat(allFailed.code()).isEqualTo(1);
        assertThat(allFailed.out()).isEmpty();
        assertThat(allFailed.errLines()).singleElement().asString().contains("no such file");

        Run badScheme = run("ingest", "--once", "--dry-run", "--feed", "ftp://example.com/feed.xml");
        assertThat(badScheme.code()).isEqualTo(2);
        assertThat(badScheme.errLines()).singleElement().asString().contains("--feed must be an http(s) URL or a file");

        Run badInterval = run("ingest", "--once", "--dry-run", "--interval", "often", "--feed", "x.xml");
        assertThat(badInterval.code()).isEqualTo(2);
        assertThat(badInterval.errLines()).singleElement().asString().contains("--interval: not a duration");

        Run both = run("ingest", "--once", "--dry-run", "--feed", "x.xml", "--feeds-file", "feeds.yaml");
        assertThat(both.code()).isEqualTo(2);

        Run missingList = run("ingest", "--once", "--dry-run", "--feeds-file", dir.resolve("nope.yaml").toString());
        assertThat(missingList.code()).isEqualTo(2);
        assertThat(missingList.errLines()).singleElement().asString().contains("no such file");
    }
}
