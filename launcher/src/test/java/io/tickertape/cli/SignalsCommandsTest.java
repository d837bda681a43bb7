package io.tickertape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignalsCommandsTest {

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

    @Test
    void tickersPrintsOneJsonLinePerTextInInputOrder(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("headlines.txt");
        Files.writeString(input, "Tesla shares jump after record deliveries\n\nRecipe: the best apple pie\n");
        Run r = run("tickers", "--input", input.toString(), "Ford Motor (NYSE: F) names a new CFO");
        assertThat(r.code()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.get("text").asText()).isEqualTo("Tesla shares jump after record deliveries");
        JsonNode tesla = first.get("tickers").get(0);
        assertThat(tesla.get("symbol").asText()).isEqualTo("TSLA");
        assertThat(tesla.get("name").asText()).isEqualTo("Tesla, Inc.");
        assertThat(tesla.get("matched").asText()).isEqualTo("Tesla");
        assertThat(tesla.get("relevance").asDouble()).isBetween(0.5, 1.0);
        assertThat(json.readTree(lines[1]).get("tickers")).isEmpty();
        assertThat(json.readTree(lines[2]).get("tickers").get(0).get("symbol").asText()).isEqualTo("F");
    }

    @Test
    void badInputIsAOneLineErrorWithExitCode2(@TempDir Path dir) {
        Run none = run("tickers");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().strip()).doesNotContain("\n").contains("nothing to resolve");
        Run missing = run("backtest", "--news", dir.resolve("nope.csv").toString(), "--prices", dir.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("--news");
    }

    @Test
    void backtestRunsOnFilesWithTheWordListScorer(@TempDir Path dir) throws Exception {
        Path news = dir.resolve("news.csv");
        StringBuilder csv = new StringBuilder("date,headline\n");
        csv.append("2024-03-01,Acme beats estimates and shares jump\n");
        Files.writeString(news, csv.toString());
        Path prices = Files.createDirectories(dir.resolve("prices"));
        StringBuilder bars = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        java.time.LocalDate d = java.time.LocalDate.of(2023, 10, 1);
        for (int i = 0; i < 200; i++, d = d.plusDays(1)) {
            double c = 100 + i * 0.1;
            bars.append(d).append(',').append(c).append(',').append(c + 1).append(',').append(c - 1).append(',')
                    .append(c).append(',').append(c).append(",1000\n");
        }
        Files.writeString(prices.resolve("TSLA.csv"), bars.toString());
        Run r = run("backtest", "--news", news.toString(), "--prices", prices.toString(), "--scorer", "lexicon");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("articles 1", "| fusion signals", "| baseline: always long every mention");
    }

    @Test
    void backtestComparesArticleAndEntityLevelOnTheSameHeadlinesInOneRun(@TempDir Path dir) throws Exception {
        Path news = dir.resolve("news.csv");
        Files.writeString(news, """
                date,headline
                2024-03-01,Microsoft wins $10 billion Pentagon cloud contract, beating Amazon
                2024-03-04,Microsoft shares rise after strong cloud quarter
                """.replace("contract, beating", "contract beating"));
        Path prices = Files.createDirectories(dir.resolve("prices"));
        for (String ticker : List.of("MSFT", "AMZN")) {
            StringBuilder bars = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
            java.time.LocalDate d = java.time.LocalDate.of(2023, 10, 1);
            for (int i = 0; i < 200; i++, d = d.plusDays(1)) {
                double c = 100 + i * 0.1;
                bars.append(d).append(',').append(c).append(',').append(c + 1).append(',').append(c - 1).append(',')
                        .append(c).append(',').append(c).append(",1000\n");
            }
            Files.writeString(prices.resolve(ticker + ".csv"), bars.toString());
        }
        Run r = run("backtest", "--news", news.toString(), "--prices", prices.toString(), "--sentiment", "both");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("article- and entity-level sentiment", "## article-level", "## entity-level",
                "## comparison (fusion signals)", "| article   | all", "| entity    | multi-company");
        // The first headline names both companies, the second one: each run counts one multi-company article.
        assertThat(r.out().split("multi-company articles \\(two or more tickers at the relevance floor\\): 1", -1))
                .hasSize(3);
        Run bad = run("backtest", "--news", news.toString(), "--prices", prices.toString(), "--sentiment", "per-word");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("entity, article or both");
    }
}
