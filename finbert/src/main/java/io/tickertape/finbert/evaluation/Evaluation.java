package io.tickertape.finbert.evaluation;

import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentModelException;
import io.tickertape.finbert.SentimentPredictor;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.finbert.ScoreCache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;

/**
 * Evaluates a model on a {@code text<TAB>label} or {@code text<TAB>entity<TAB>label} TSV (header required; labels
 * positive/negative/neutral). Rows of an entity file are scored toward their entity. The report prints per-class
 * precision/recall/F1, a confusion matrix, directional accuracy, for entity files the accuracy on texts whose
 * entities carry different labels, and as its LAST line exactly
 * {@code {"n":…,"accuracy":…,"macro_f1":…,"weighted_f1":…}} (entity files add {@code "disagreeing_n"} and
 * {@code "disagreeing_accuracy"}).
 */
public final class Evaluation {
    public static final List<String> CLASSES = List.of(Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL);
    private static final int BATCH = 256;

    private Evaluation() {}

    /** One labelled row; {@code entity} is null in a {@code text<TAB>label} file. */
    public record Example(String text, String entity, String label) {
        public Example(String text, String label) {
            this(text, null, label);
        }
    }

    /** Reads and validates the TSV; throws {@link EvaluationException} with a one-line message on bad input. */
    public static List<Example> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new EvaluationException("data file not found: " + file);
        }
        List<Example> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new EvaluationException(file + " is empty (expected header 'text<TAB>label' or 'text<TAB>entity<TAB>label')");
            }
            header = header.startsWith("\uFEFF") ? header.substring(1) : header;
            String[] h = header.split("\t", -1);
            boolean entities = h.length == 3 && h[0].trim().equalsIgnoreCase("text")
                    && h[1].trim().equalsIgnoreCase("entity") && h[2].trim().equalsIgnoreCase("label");
            if (!entities && (h.length != 2 || !h[0].trim().equalsIgnoreCase("text")
                    || !h[1].trim().equalsIgnoreCase("label"))) {
                throw new EvaluationException(file + ": header must be 'text<TAB>label' or 'text<TAB>entity<TAB>label', got '"
                        + oneLine(header) + "'");
            }
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                if (tab < 0) {
                    throw new EvaluationException(file + " line " + lineNo + ": no TAB between text and label");
                }
                String label = line.substring(tab + 1).trim().toLowerCase(Locale.ROOT);
                if (!CLASSES.contains(label)) {
                    throw new EvaluationException(file + " line " + lineNo + ": unknown label '" + oneLine(label)
                            + "' (expected positive, negative or neutral)");
                }
                String text = line.substring(0, tab).trim();
                String entity = null;
                if (entities) {
                    int tab2 = text.lastIndexOf('\t');
                    if (tab2 < 0) {
                        throw new EvaluationException(file + " line " + lineNo + ": expected text<TAB>entity<TAB>label");
                    }
                    entity = text.substring(tab2 + 1).trim();
                    text = text.substring(0, tab2).trim();
                    if (entity.isEmpty()) {
                        throw new EvaluationException(file + " line " + lineNo + ": empty entity");
                    }
                }
                if (text.isEmpty()) {
                    throw new EvaluationException(file + " line " + lineNo + ": empty text");
                }
                out.add(new Example(text, entity, label));
            }
        } catch (CharacterCodingException e) {
            throw new EvaluationException(file + " is not valid UTF-8");
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + file + ": " + oneLine(String.valueOf(e.getMessage())));
        }
        if (out.isEmpty()) {
            throw new EvaluationException(file + " has no examples");
        }
        return out;
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    /** Scores every example (in batches; toward its entity, if it has one) and computes the metrics. */
    public static Report evaluate(SentimentPredictor predictor, List<Example> examples) {
        List<String> predicted = new ArrayList<>(examples.size());
        List<Double> polarity = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i += BATCH) {
            List<SentimentInput> inputs = examples.subList(i, Math.min(examples.size(), i + BATCH)).stream()
                    .map(e -> new SentimentInput(e.text(), e.entity())).toList();
            for (Sentiment s : predictor.scoreInputs(inputs)) {
                predicted.add(s.label());
                polarity.add(s.polarity());
            }
        }
        List<String> gold = examples.stream().map(Example::label).toList();
        Report r = Report.of(gold, predicted, polarity);
        return examples.stream().anyMatch(e -> e.entity() != null) ? r.withDisagreeing(disagreeing(examples, predicted)) : r;
    }

    /**
     * Correct and total rows of the texts whose entities carry different gold labels ("X beats Y"): the rows an
     * article-level score necessarily gets partly wrong.
     */
    static long[] disagreeing(List<Example> examples, List<String> predicted) {
        Map<String, Set<String>> labelsByText = new HashMap<>();
        for (Example e : examples) {
            labelsByText.computeIfAbsent(ScoreCache.normalize(e.text()).toLowerCase(Locale.ROOT), k -> new HashSet<>())
                    .add(e.label());
        }
        long n = 0;
        long ok = 0;
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (e.entity() != null
                    && labelsByText.get(ScoreCache.normalize(e.text()).toLowerCase(Locale.ROOT)).size() > 1) {
                n++;
                ok += e.label().equals(predicted.get(i)) ? 1 : 0;
            }
        }
        return new long[] {ok, n};
    }

    /** Metrics of one evaluation. {@code confusion[gold][predicted]} in {@link #CLASSES} order. */
    public record Report(int n, long[][] confusion, double[] precision, double[] recall, double[] f1, long[] support,
                         double accuracy, double macroF1, double weightedF1, double directionalAccuracy,
                         long directionalN, long disagreeingN, double disagreeingAccuracy) {

        /** This report plus the accuracy on entities of texts with disagreeing labels ({correct, total}). */
        public Report withDisagreeing(long[] correctOfTotal) {
            return new Report(n, confusion, precision, recall, f1, support, accuracy, macroF1, weightedF1,
                    directionalAccuracy, directionalN, correctOfTotal[1],
                    correctOfTotal[1] == 0 ? Double.NaN : (double) correctOfTotal[0] / correctOfTotal[1]);
        }

        public static Report of(List<String> gold, List<String> predicted, List<Double> polarity) {
            int k = CLASSES.size();
            long[][] cm = new long[k][k];
            long dirOk = 0;
            long dirN = 0;
            for (int i = 0; i < gold.size(); i++) {
                int g = CLASSES.indexOf(gold.get(i));
                cm[g][CLASSES.indexOf(predicted.get(i))]++;
                if (g != 2 && polarity != null) {
                    dirN++;
                    double p = polarity.get(i);
                    if ((g == 0 && p > 0) || (g == 1 && p < 0)) {
                        dirOk++;
                    }
                }
            }
            double[] pr = new double[k];
            double[] rc = new double[k];
            double[] f1 = new double[k];
            long[] sup = new long[k];
            long correct = 0;
            int n = gold.size();
            double macro = 0;
            double weighted = 0;
            for (int c = 0; c < k; c++) {
                long tp = cm[c][c];
                long predC = 0;
                for (int g = 0; g < k; g++) {
                    predC += cm[g][c];
                    sup[c] += cm[c][g];
                }
                correct += tp;
                pr[c] = predC == 0 ? 0 : (double) tp / predC;
                rc[c] = sup[c] == 0 ? 0 : (double) tp / sup[c];
                f1[c] = pr[c] + rc[c] == 0 ? 0 : 2 * pr[c] * rc[c] / (pr[c] + rc[c]);
                macro += f1[c] / k;
                weighted += n == 0 ? 0 : f1[c] * sup[c] / n;
            }
            return new Report(n, cm, pr, rc, f1, sup, n == 0 ? 0 : (double) correct / n, macro, weighted,
                    dirN == 0 ? Double.NaN : (double) dirOk / dirN, dirN, 0, Double.NaN);
        }

        /** The human-readable report; its last line is the JSON summary. */
        public void print(PrintStream out) {
            out.printf(Locale.ROOT, "%-10s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1", "support");
            for (int c = 0; c < CLASSES.size(); c++) {
                out.printf(Locale.ROOT, "%-10s %9.4f %9.4f %9.4f %9d%n", CLASSES.get(c), precision[c], recall[c],
                        f1[c], support[c]);
            }
            out.println();
            out.println("confusion matrix (rows = gold, columns = predicted):");
            out.printf(Locale.ROOT, "%-10s %9s %9s %9s%n", "", CLASSES.get(0), CLASSES.get(1), CLASSES.get(2));
            for (int g = 0; g < CLASSES.size(); g++) {
                out.printf(Locale.ROOT, "%-10s %9d %9d %9d%n", CLASSES.get(g), confusion[g][0], confusion[g][1],
                        confusion[g][2]);
            }
            out.println();
            if (directionalN > 0) {
                out.printf(Locale.ROOT, "directional accuracy (sign of positive-negative on %d non-neutral gold): %.4f%n",
                        directionalN, directionalAccuracy);
            }
            if (disagreeingN > 0) {
                out.printf(Locale.ROOT, "entities whose text gives another entity a different label (%d): accuracy %.4f%n",
                        disagreeingN, disagreeingAccuracy);
            }
            out.println(summaryJson());
        }

        public String summaryJson() {
            String base = String.format(Locale.ROOT, "{\"n\":%d,\"accuracy\":%.4f,\"macro_f1\":%.4f,\"weighted_f1\":%.4f",
                    n, accuracy, macroF1, weightedF1);
            return disagreeingN == 0 ? base + "}" : base + String.format(Locale.ROOT,
                    ",\"disagreeing_n\":%d,\"disagreeing_accuracy\":%.4f}", disagreeingN, disagreeingAccuracy);
        }
    }

    /**
     * {@code Evaluation --data FILE [--model DIR] [--threads N]}: prints the report; exit 2 on bad input.
     * The same logic backs {@code tickertape evaluate}.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path data = null;
        Path model = null;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                err.println("error: missing value for " + a);
                return 2;
            }
            switch (a) {
                case "--data" -> data = Path.of(args[++i]);
                case "--model" -> model = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    err.println("error: unknown option " + a);
                    return 2;
                }
            }
        }
        if (data == null) {
            err.println("error: --data FILE is required");
            return 2;
        }
        return evaluateCommand(data, model, threads, out, err);
    }

    /** Shared by the CLI: read, load, evaluate, print. Returns the process exit code. */
    public static int evaluateCommand(Path data, Path modelDir, int threads, PrintStream out, PrintStream err) {
        List<Example> examples;
        try {
            examples = read(data);
        } catch (EvaluationException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        ModelConfig cfg = ModelConfig.defaults(modelDir != null ? modelDir : ModelLocator.defaultModelDir());
        if (threads > 0) {
            cfg = cfg.withThreads(threads);
        }
        try (SentimentModel m = SentimentModel.load(cfg); SentimentPredictor p = m.newPredictor()) {
            out.println("model " + m.version() + " on " + data.getFileName() + " (" + examples.size() + " examples)");
            if (!p.targetAware() && examples.stream().anyMatch(e -> e.entity() != null)) {
                out.println("note: model " + m.version() + " is article-level; entities are ignored, each row gets its text's label");
            }
            evaluate(p, examples).print(out);
            return 0;
        } catch (SentimentModelException e) {
            err.println("error: " + oneLine(String.valueOf(e.getMessage())));
            return 2;
        }
    }
}
