package io.tickertape.topology.sentiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetTextTest {
    private static final String TITLE = "Netflix subscribers flee to Disney+ as Disney streaming surges";
    private static final String SUMMARY = "Netflix lost 1.2 million subscribers in the quarter. Disney added 8 million. "
            + "Both stocks moved after hours.";

    @Test
    void headlinePlusTheSentencesNamingTheCompany() {
        assertThat(TargetText.of(TITLE, SUMMARY, "Netflix"))
                .isEqualTo(TITLE + " Netflix lost 1.2 million subscribers in the quarter.");
        assertThat(TargetText.of(TITLE, SUMMARY, "Disney")).isEqualTo(TITLE + " Disney added 8 million.");
    }

    @Test
    void wholeWordsOnlyAndCaseInsensitive() {
        assertThat(TargetText.mentions("Amazon's cloud grew", "Amazon")).isTrue();
        assertThat(TargetText.mentions("AMAZON cut prices", "Amazon")).isTrue();
        assertThat(TargetText.mentions("Amazonas rainfall", "Amazon")).isFalse();
        assertThat(TargetText.mentions("Buying $TSLA here", "$TSLA")).isTrue();
    }

    @Test
    void anUnnamedCompanyGetsTheWholeArticle() {
        assertThat(TargetText.of("Markets rally", "Stocks rose broadly.", "Apple")).isEqualTo("Markets rally Stocks rose broadly.");
        assertThat(TargetText.of("Markets rally", null, "Apple")).isEqualTo("Markets rally");
    }
}
