package io.tickertape.finbert;

import io.tickertape.finbert.evaluation.Evaluation;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Accuracy of the shipped model on twitter sent_valid (never used in training). Skipped without shared data. */
class SharedDataAccuracyTest {

    @Test
    void twitterValidWeightedF1() throws Exception {
        String shared = System.getProperty("tickertape.shared.data");
        assumeTrue(shared != null, "tickertape.shared.data not set: skipping shared-data accuracy test");
        Path csv = Path.of(shared, "sentiment", "twitter_financial_news", "sent_valid.csv");
        assumeTrue(Files.isRegularFile(csv), "no " + csv + ": skipping shared-data accuracy test");

        List<Evaluation.Example> examples = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<List<String>> rows = Csv.parse(r);
            for (List<String> row : rows.subList(1, rows.size())) {
                String label = switch (row.get(1).trim()) {
                    case "0" -> "negative";
                    case "1" -> "positive";
                    default -> "neutral";
                };
                examples.add(new Evaluation.Example(row.get(0), label));
            }
        }
        assertThat(examples).hasSize(2388);
        try (SentimentModel m = SentimentModel.load(ShippedModel.config()); SentimentPredictor p = m.newPredictor()) {
            Evaluation.Report report = Evaluation.evaluate(p, examples);
            report.print(System.out);
            assertThat(report.weightedF1()).isGreaterThan(0.85);
        }
    }

    /** Minimal RFC-4180 reader (quoted fields, doubled quotes, embedded newlines). */
    static final class Csv {
        static List<List<String>> parse(Reader r) throws Exception {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            int c;
            while ((c = r.read()) != -1) {
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        r.mark(1);
                        int n = r.read();
                        if (n == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            if (n != -1) {
                                r.reset();
                            }
                        }
                    } else {
                        f.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(f.toString());
                    f.setLength(0);
                } else if (ch == '\n') {
                    row.add(f.toString());
                    f.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else if (ch != '\r') {
                    f.append(ch);
                }
            }
            if (f.length() > 0 || !row.isEmpty()) {
                row.add(f.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
