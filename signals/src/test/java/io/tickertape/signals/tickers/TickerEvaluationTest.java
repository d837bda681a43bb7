package io.tickertape.signals.tickers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The resolver against the Reuters headlines, and the shipped table against its generator (shared data only). */
class TickerEvaluationTest {

    private static Path shared(String first, String... more) {
        String root = System.getProperty("tickertape.shared.data");
        Path p = root == null ? null : Path.of(root).resolve(Path.of(first, more));
        assumeTrue(p != null && Files.exists(p), "shared data not found (tickertape.shared.data): skipping " + first);
        return p;
    }

    @Test
    void precisionAndRecallOnReutersHeadlinesMeetTheTargets() throws IOException {
        Path news = shared("news", "reuters_company_news_2011-2018_price_tickers.csv");
        Path names = shared("tickers", "reuters_ticker_company_names_2011-2018.csv");
        TickerEvaluation.Result r = TickerEvaluation.evaluate(TickerResolver.loadDefault(), news, names, 20_000);
        assertThat(r.headlines()).isEqualTo(20_000);
        assertThat(r.precision()).as("precision; false positives e.g. %s", r.falsePositives().stream().limit(5).toList())
                .isGreaterThanOrEqualTo(0.95);
        assertThat(r.recall()).as("recall; misses e.g. %s", r.falseNegatives().stream().limit(5).toList())
                .isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void theShippedTableIsWhatTheGeneratorDerivesFromTheSecFile() throws IOException {
        Path sec = shared("tickers", "company_tickers_exchange.json");
        Path sp500 = shared("tickers", "sp500_constituents.csv");
        Path words = Path.of("/usr/share/dict/words");
        assumeTrue(Files.isReadable(words), "no /usr/share/dict/words (Debian package wamerican): skipping");
        Set<String> dictionary = new HashSet<>(Files.readAllLines(words, StandardCharsets.UTF_8));
        Set<String> neverAlone = new HashSet<>();
        String ambiguous;
        try (InputStream in = getClass().getResourceAsStream("/tickers/ambiguous.tsv")) {
            ambiguous = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : ambiguous.split("\n")) {
            String[] f = line.split("\t");
            if (f.length >= 2 && f[0].equals("never-alone")) {
                neverAlone.add(f[1].trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        Map<String, String> sp = CompanyTableGenerator.readSp500(sp500);
        List<CompanyTableGenerator.Company> companies;
        try (InputStream in = Files.newInputStream(sec)) {
            companies = CompanyTableGenerator.readSec(in, sp.keySet());
        }
        String generated = CompanyTableGenerator.generate(companies, sp, dictionary, neverAlone);
        String shipped;
        try (InputStream in = getClass().getResourceAsStream("/tickers/companies.tsv")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(generated).isEqualTo(shipped);
        assertThat(shipped.length()).isLessThan(1 << 20);
    }
}
