package io.tickertape.finbert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreJsonTest {
    @Test
    void oneLineWithFixedFieldOrderAndPlainNumbers() {
        String line = ScoreJson.line("Sales \"fell\"", Sentiment.of(0.000982, 0.9, 0.099018, "v1"));
        assertThat(line).isEqualTo("{\"text\":\"Sales \\\"fell\\\"\",\"target\":null,\"label\":\"negative\",\"scores\":{\"positive\":0.000982,"
                + "\"negative\":0.9,\"neutral\":0.099018},\"model\":\"v1\"}");
    }
}
