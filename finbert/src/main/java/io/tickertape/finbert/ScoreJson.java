package io.tickertape.finbert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one-line JSON form of a score, as printed by {@code tickertape score}. */
public final class ScoreJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScoreJson() {}

    /** {@code {"text":…,"label":…,"scores":{"positive":p,"negative":p,"neutral":p},"model":"<version>"}} */
    public static String line(String text, Sentiment s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("text", text);
        o.put("label", s.label());
        ObjectNode scores = o.putObject("scores");
        scores.put("positive", round(s.positive()));
        scores.put("negative", round(s.negative()));
        scores.put("neutral", round(s.neutral()));
        o.put("model", s.modelVersion());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
