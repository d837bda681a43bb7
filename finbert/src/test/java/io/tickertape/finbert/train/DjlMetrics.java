package io.tickertape.finbert.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentPredictor;
import io.tickertape.finbert.evaluation.Evaluation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Build-time check of an exported model through the real runtime (DJL + libtorch):
 * {@code DjlMetrics MODEL_DIR OUT_JSON NAME=FILE.tsv...} evaluates each TSV and writes the metrics as JSON.
 */
public final class DjlMetrics {
    private DjlMetrics() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, Object> all = new LinkedHashMap<>();
        try (SentimentModel m = SentimentModel.load(ModelConfig.defaults(dir));
             SentimentPredictor p = m.newPredictor()) {
            for (String spec : List.of(args).subList(2, args.length)) {
                int eq = spec.indexOf('=');
                String name = spec.substring(0, eq);
                Evaluation.Report r = Evaluation.evaluate(p, Evaluation.read(Path.of(spec.substring(eq + 1))));
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("n", r.n());
                o.put("accuracy", round(r.accuracy()));
                o.put("macro_f1", round(r.macroF1()));
                o.put("weighted_f1", round(r.weightedF1()));
                o.put("directional_accuracy", Double.isNaN(r.directionalAccuracy()) ? null : round(r.directionalAccuracy()));
                if (r.disagreeingN() > 0) {
                    o.put("disagreeing_n", r.disagreeingN());
                    o.put("disagreeing_accuracy", round(r.disagreeingAccuracy()));
                }
                all.put(name, o);
                System.out.println(name + ": " + o);
            }
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), all);
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
