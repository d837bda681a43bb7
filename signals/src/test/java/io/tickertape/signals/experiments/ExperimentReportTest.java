package io.tickertape.signals.experiments;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExperimentReportTest {

    @Test
    void twoProportionTestMatchesAWorkedExample() {
        // 60/100 against 45/100. Pooled p = 105/200 = 0.525; se = sqrt(0.525 * 0.475 * (1/100 + 1/100)) = 0.070622;
        // z = 0.15 / 0.070622 = 2.1240; two-sided p = 2 * (1 - Phi(2.1240)) = 0.0337.
        var c = ExperimentReport.compare("trend", "control", 60, 100, 45, 100);
        assertThat(c.enoughData()).isTrue();
        assertThat(c.difference()).isCloseTo(0.15, within(1e-12));
        assertThat(c.z()).isCloseTo(2.1240, within(1e-3));
        assertThat(c.pValue()).isCloseTo(0.0337, within(5e-4));
        // Newcombe (1998, method 10) from the two Wilson intervals, worked separately: [0.0117, 0.2804].
        assertThat(c.low()).isCloseTo(0.0117, within(1e-3));
        assertThat(c.high()).isCloseTo(0.2804, within(1e-3));
        assertThat(c.verdict()).isEqualTo("trend beats control (p = 0.034)");
    }

    @Test
    void tooFewSignalsSaySoInsteadOfAPValue() {
        var c = ExperimentReport.compare("trend", "control", 3, 10, 5, 10);
        assertThat(c.enoughData()).isFalse();
        assertThat(c.pValue()).isNaN();
        assertThat(c.verdict()).startsWith("too few to tell: each arm needs 30 measured signals");
        assertThat(ExperimentReport.compare("t", "c", 0, 0, 5, 40).verdict())
                .isEqualTo("too few to tell: an arm has no measured signal yet");
    }

    @Test
    void normalCdfIsAccurate() {
        assertThat(ExperimentReport.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(ExperimentReport.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(ExperimentReport.normalCdf(-1.0)).isCloseTo(0.158655, within(1e-6));
    }
}
