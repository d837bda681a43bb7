package io.tickertape.signals.experiments;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ArmAssignmentTest {

    /** 10,000 ticker-like symbols: T0000 ... T9999. */
    static final List<String> TICKERS = IntStream.range(0, 10_000).mapToObj(i -> String.format("T%04d", i)).toList();

    private static Map<String, Integer> counts(ArmAssignment a) {
        Map<String, Integer> out = new HashMap<>();
        TICKERS.forEach(t -> out.merge(a.armOf(t).name(), 1, Integer::sum));
        return out;
    }

    /** Pearson's chi-square of observed counts against expected shares. */
    private static double chiSquare(Map<String, Integer> observed, Map<String, Double> shares) {
        double chi = 0;
        for (var e : shares.entrySet()) {
            double expected = e.getValue() * TICKERS.size();
            double o = observed.getOrDefault(e.getKey(), 0);
            chi += (o - expected) * (o - expected) / expected;
        }
        return chi;
    }

    @Test
    void theAssignmentIsStableAcrossInstancesAndArmOrder() {
        Experiment a = Experiment.parse("exp1", "control=fusion:1,trend=trend-confirmed:1");
        Experiment reordered = Experiment.parse("exp1", "trend=trend-confirmed:1,control=fusion:1");
        ArmAssignment first = new ArmAssignment(a);
        ArmAssignment second = new ArmAssignment(a);
        ArmAssignment third = new ArmAssignment(reordered);
        for (String t : TICKERS) {
            assertThat(second.armOf(t)).isEqualTo(first.armOf(t));
            assertThat(third.armOf(t).name()).isEqualTo(first.armOf(t).name());
        }
        // A different experiment name is a different, independent split.
        ArmAssignment other = new ArmAssignment(Experiment.parse("exp2", "control=fusion:1,trend=trend-confirmed:1"));
        long same = TICKERS.stream().filter(t -> other.armOf(t).name().equals(first.armOf(t).name())).count();
        assertThat(same / (double) TICKERS.size()).isCloseTo(0.5, within(0.03));
    }

    @Test
    void theSplitIsEvenWithinAChiSquareBound() {
        Map<String, Integer> two = counts(new ArmAssignment(Experiment.parse("even", "a=fusion:1,b=trend-confirmed:1")));
        // df = 1: P(chi2 > 10.83) = 0.001
        assertThat(chiSquare(two, Map.of("a", 0.5, "b", 0.5))).isLessThan(10.83);

        Map<String, Integer> weighted = counts(new ArmAssignment(
                Experiment.parse("weighted", "a=fusion:1,b=trend-confirmed:1,c=technical-only:2")));
        // df = 2: P(chi2 > 13.82) = 0.001
        assertThat(chiSquare(weighted, Map.of("a", 0.25, "b", 0.25, "c", 0.5))).isLessThan(13.82);
    }

    @Test
    void addingAnArmMovesOnlyItsShareAndOnlyToIt() {
        ArmAssignment before = new ArmAssignment(Experiment.parse("grow", "a=fusion:1,b=trend-confirmed:1"));
        ArmAssignment after = new ArmAssignment(Experiment.parse("grow", "a=fusion:1,b=trend-confirmed:1,c=technical-only:1"));
        int moved = 0;
        for (String t : TICKERS) {
            String was = before.armOf(t).name();
            String now = after.armOf(t).name();
            if (!was.equals(now)) {
                moved++;
                assertThat(now).as("a moved ticker goes to the new arm, never between old arms").isEqualTo("c");
            }
        }
        // The new arm's share is 1/3: 3,333 of 10,000; 4 standard deviations of a binomial are ~189.
        assertThat(moved).isBetween(3333 - 189, 3333 + 189);
    }

    @Test
    void shadowArmsTakeNoTickersAndBadSpecsAreOneLineErrors() {
        ArmAssignment a = new ArmAssignment(Experiment.parse("s", "live=fusion,watch=trend-confirmed:shadow"));
        assertThat(TICKERS.stream().map(t -> a.armOf(t).name()).distinct()).containsExactly("live");

        assertThatThrownBy(() -> Experiment.parse("s", "only=fusion:shadow"))
                .hasMessage("an experiment needs at least one arm that is not a shadow");
        assertThatThrownBy(() -> Experiment.parse("s", "a=fusion,a=trend-confirmed")).hasMessage("arm a is named twice");
        assertThatThrownBy(() -> Experiment.parse("s", "a=magic")).hasMessageStartingWith("arm a: unknown strategy 'magic'");
        assertThatThrownBy(() -> Experiment.parse("s", "a=fusion:lots")).hasMessageContaining("is not a number or 'shadow'");
        assertThatThrownBy(() -> Experiment.parse("S P", "a=fusion")).hasMessageStartingWith("experiment name must match");
        assertThatThrownBy(() -> Experiment.parse("s", "a=fusion@gpt")).hasMessage("arm a: model '@gpt' is not @challenger or @active");

        Experiment models = Experiment.parse("m", "old=fusion:1,new=fusion@challenger:1,watch=trend-confirmed@challenger:shadow");
        assertThat(models.arms()).extracting(Experiment.Arm::challenger).containsExactly(false, true, true);
        assertThat(models.arms()).extracting(Experiment.Arm::strategy).containsExactly("fusion", "fusion", "trend-confirmed");
        assertThat(models.usesChallenger()).isTrue();
        assertThat(Experiment.parse("m", "a=fusion,b=trend-confirmed").usesChallenger()).isFalse();
    }
}
