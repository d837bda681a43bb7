package io.tickertape.finbert.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {
    @TempDir
    Path tmp;

    @Test
    void metricsOnAKnownConfusionMatrix() {
        List<String> gold = List.of("positive", "positive", "negative", "neutral", "neutral", "neutral");
        List<String> pred = List.of("positive", "neutral", "negative", "neutral", "neutral", "positive");
        List<Double> pol = List.of(0.9, 0.1, -0.8, 0.0, 0.0, 0.5);
        Evaluation.Report r = Evaluation.Report.of(gold, pred, pol);
        assertThat(r.n()).isEqualTo(6);
        assertThat(r.accuracy()).isCloseTo(4.0 / 6, within(1e-9));
        // positive: P=1/2 R=1/2 F=0.5; negative: 1,1,1; neutral: P=2/3 R=2/3 F=2/3
        assertThat(r.f1()[0]).isCloseTo(0.5, within(1e-9));
        assertThat(r.f1()[1]).isCloseTo(1.0, within(1e-9));
        assertThat(r.f1()[2]).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(r.macroF1()).isCloseTo((0.5 + 1 + 2.0 / 3) / 3, within(1e-9));
        assertThat(r.weightedF1()).isCloseTo((0.5 * 2 + 1 + 2.0 / 3 * 3) / 6, within(1e-9)); // = 4/6
        assertThat(r.directionalAccuracy()).isCloseTo(1.0, within(1e-9));
        assertThat(r.confusion()[2][0]).isEqualTo(1);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[lines.length - 1])
                .isEqualTo("{\"n\":6,\"accuracy\":0.6667,\"macro_f1\":0.7222,\"weighted_f1\":0.6667}");
        assertThat(String.join("\n", lines)).contains("confusion matrix").contains("precision");
    }

    @Test
    void readsValidTsv() throws Exception {
        Path f = tmp.resolve("ok.tsv");
        Files.writeString(f, "text\tlabel\nProfit rose\tpositive\n\nLoss widened\tNEGATIVE\n");
        assertThat(Evaluation.read(f)).containsExactly(new Evaluation.Example("Profit rose", "positive"),
                new Evaluation.Example("Loss widened", "negative"));
    }

    @Test
    void badInputGivesOneLineErrors() throws Exception {
        Path header = tmp.resolve("h.tsv");
        Files.writeString(header, "sentence,label\nx,positive\n");
        assertThatThrownBy(() -> Evaluation.read(header)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("header must be");
        Path label = tmp.resolve("l.tsv");
        Files.writeString(label, "text\tlabel\nProfit rose\tbullish\n");
        assertThatThrownBy(() -> Evaluation.read(label)).hasMessageContaining("line 2").hasMessageContaining("unknown label");
        assertThatThrownBy(() -> Evaluation.read(tmp.resolve("missing.tsv"))).hasMessageContaining("not found");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Evaluation.run(new String[] {"--data", label.toString()}, new PrintStream(out), new PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: ").doesNotContain("\n");
    }

    @Test
    void readsEntityTsv() throws Exception {
        Path f = tmp.resolve("entities.tsv");
        Files.writeString(f, "text\tentity\tlabel\nGold shines; Silver dull\tGold\tpositive\n"
                + "Gold shines; Silver dull\tSilver\tnegative\n");
        assertThat(Evaluation.read(f)).containsExactly(
                new Evaluation.Example("Gold shines; Silver dull", "Gold", "positive"),
                new Evaluation.Example("Gold shines; Silver dull", "Silver", "negative"));
        Path noEntity = tmp.resolve("no-entity.tsv");
        Files.writeString(noEntity, "text\tentity\tlabel\nGold shines\tpositive\n");
        assertThatThrownBy(() -> Evaluation.read(noEntity)).isInstanceOf(EvaluationException.class)
                .hasMessage(noEntity + " line 2: expected text<TAB>entity<TAB>label");
    }

    @Test
    void disagreeingAccuracyCountsOnlyTextsWhoseEntitiesDiffer() {
        List<Evaluation.Example> ex = List.of(
                new Evaluation.Example("Gold shines; Silver dull", "Gold", "positive"),
                new Evaluation.Example("Gold shines;  silver dull", "Silver", "negative"), // same text, other spacing
                new Evaluation.Example("TCS and Infosys rise", "TCS", "positive"),
                new Evaluation.Example("TCS and Infosys rise", "Infosys", "positive"),
                new Evaluation.Example("Microsoft beats Amazon", "Microsoft", "positive"),
                new Evaluation.Example("Microsoft beats Amazon", "Amazon", "negative"));
        // an article-level scorer: one label per text
        List<String> predicted = List.of("positive", "positive", "positive", "positive", "positive", "positive");
        long[] r = Evaluation.disagreeing(ex, predicted);
        assertThat(r).containsExactly(2, 4); // Gold and Microsoft right, Silver and Amazon wrong; TCS/Infosys agree
        Evaluation.Report report = Evaluation.Report.of(ex.stream().map(Evaluation.Example::label).toList(), predicted,
                null).withDisagreeing(r);
        assertThat(report.summaryJson()).endsWith(",\"disagreeing_n\":4,\"disagreeing_accuracy\":0.5000}");
    }
}
