package io.tickertape.signals.tickers;

import io.tickertape.signals.backtest.NewsCsv;
import io.tickertape.signals.backtest.NewsItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvLinesTest {

    private static List<List<String>> read(String csv) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvLines r = CsvLines.open(new StringReader(csv), "test.csv")) {
            List<String> row;
            while ((row = r.next()) != null) {
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void quotedFieldsKeepTheirCommasQuotesAndNewlines() throws IOException {
        assertThat(read("""
                date,headline,summary
                2020-01-02,"Apple, Inc. beats","first line
                second line, still the summary"
                2020-01-03,"He said ""buy""\",plain
                """)).containsExactly(
                List.of("date", "headline", "summary"),
                List.of("2020-01-02", "Apple, Inc. beats", "first line\nsecond line, still the summary"),
                List.of("2020-01-03", "He said \"buy\"", "plain"));
    }

    @Test
    void fieldsAreReturnedAsWrittenAndLinesMayEndWithCrLfOrNothing() throws IOException {
        assertThat(read("a, b ,\r\n\r\nx,\"y\r\nz\"")).containsExactly(
                List.of("a", " b ", ""), List.of(""), List.of("x", "y\r\nz"));
    }

    @Test
    void reportsTheLineEachRecordStartsOn() throws IOException {
        try (CsvLines r = CsvLines.open(new StringReader("h\n\"two\nlines\"\nlast\n"), "test.csv")) {
            assertThat(r.line()).isZero();
            r.next();
            assertThat(r.line()).isEqualTo(1);
            r.next();
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.next()).containsExactly("last");
            assertThat(r.line()).isEqualTo(4);
            assertThat(r.next()).isNull();
            assertThat(r.records()).isEqualTo(3);
        }
    }

    @Test
    void aTruncatedRecordIsAnErrorNamingTheFileAndLineNotAShortRecord() throws IOException {
        try (CsvLines r = CsvLines.open(new StringReader("date,headline\n2020-01-02,ok\n2020-01-03,\"cut off here\n"),
                "news.csv")) {
            assertThat(r.next()).containsExactly("date", "headline");
            assertThat(r.next()).containsExactly("2020-01-02", "ok");
            assertThatThrownBy(r::next)
                    .isInstanceOfSatisfying(CsvLines.MalformedCsvException.class, e -> {
                        assertThat(e.source()).isEqualTo("news.csv");
                        assertThat(e.line()).isEqualTo(3);
                    })
                    .hasMessage("news.csv:3: truncated record: a quoted field is never closed");
        }
    }

    @Test
    void aRecordOverTheBoundIsAnError() {
        String huge = "a\n\"" + "x".repeat(CsvLines.MAX_RECORD_CHARS + 1) + "\"\n";
        assertThatThrownBy(() -> read(huge)).isInstanceOf(CsvLines.MalformedCsvException.class)
                .hasMessageStartingWith("test.csv:2: ");
    }

    @Test
    void newsCsvFailsOnATruncatedFileInsteadOfSwallowingTheRest(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("news.csv");
        Files.writeString(csv, """
                date,headline
                2020-01-02,"Apple, Inc. beats"
                2020-01-03,"Nvidia rallies
                2020-01-04,Exxon Mobil cuts jobs
                """);
        assertThatThrownBy(() -> NewsCsv.read(csv, 100))
                .isInstanceOf(CsvLines.MalformedCsvException.class)
                .hasMessage(csv + ":3: truncated record: a quoted field is never closed");
        Files.writeString(csv, """
                date,headline
                2020-01-02,"Apple, Inc. beats"
                2020-01-03,"Nvidia rallies,
                says its CEO"
                """);
        assertThat(NewsCsv.read(csv, 100).items()).extracting(NewsItem::headline)
                .containsExactly("Apple, Inc. beats", "Nvidia rallies,\nsays its CEO");
    }
}
