package io.tickertape.finbert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one-line JSON form of a score, as printed by {@code tickertape score}. */
public final class ScoreJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ScoreJson() {}

    /** {@code {"text":…,"target":null,"label":…,"scores":{…},"model":"<version>"}}: the whole text. */
    public static String line(String text, Sentiment s) {
        return line(text, null, s);
    }

    /**
     * {@code {"text":…,"target":"NAME"|null,"label":…,"scores":{"positive":p,"negative":p,"neutral":p},"model":"<version>"}};
     * target is the entity the score is toward, null for a whole-text score.
     */
    public static String line(String text, String target, Sentiment s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("text", text);
        o.put("target", target);
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

    /** Six decimals, plain notation (0.000982, never 9.82E-4). */
    static java.math.BigDecimal round(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
